"""Quotes: direct and indirect, with the speaker, in English and French."""

from tests.language_helpers import analyse


def quotes_of(text, **kwargs):
    return [(q.direct, q.speaker, q.text) for q in analyse(text, **kwargs).quotes]


def test_direct_quote_after_the_speaker_verb():
    text = "“The road to Gao is closed to all convoys,” said Aminata Sow, the governor of the region."
    assert quotes_of(text) == [(True, "Aminata Sow", "The road to Gao is closed to all convoys,")]


def test_a_quote_across_paragraphs_keeps_its_speaker():
    text = ("“We counted forty bodies at the cemetery,” Hamadou Cissé told reporters on Sunday.\n\n"
            "“Nobody from the government has come to see us since the attack on the market.”")
    assert [q[1] for q in quotes_of(text)] == ["Hamadou Cissé", "Hamadou Cissé"]


def test_pronoun_speaker_is_the_person_named_before():
    text = ("Moussa Tembely spoke to the press in Mopti on Monday. He said that the convoy had been "
            "attacked by gunmen near Hombori.")
    assert quotes_of(text) == [(False, "Moussa Tembely", "the convoy had been attacked by gunmen near Hombori")]


def test_according_to_frames_an_indirect_statement():
    text = "More than 2,000 people have left Boni since Friday, according to the Sahel Relief Office."
    (quote,) = quotes_of(text)
    assert quote[0] is False and quote[1] == "Sahel Relief Office"
    assert quote[2] == "More than 2,000 people have left Boni since Friday"


def test_organisations_are_named_as_the_text_names_them():
    text = "Human Rights Watch (HRW) published a report. “The killings must stop now,” HRW said on Tuesday."
    (quote,) = quotes_of(text)
    assert quote[1] == "Human Rights Watch (HRW)"


def test_french_guillemets_and_speech_verbs():
    text = ("« Nous avons enterré des familles entières », a déclaré Oumar Diallo, conseiller municipal. "
            "Selon la mairie de Boni, plus de 2 000 personnes ont quitté la ville.")
    found = quotes_of(text, language="fr")
    assert found[0] == (True, "Oumar Diallo", "Nous avons enterré des familles entières")
    assert found[1][0] is False and "mairie de Boni" in found[1][1]


def test_scare_quotes_are_not_quotes():
    assert quotes_of("The junta called it a “special operation” against terrorists.") == []


def test_a_nested_quotation_is_kept_as_such():
    text = "“The officer told us ‘leave the village before night falls’ and then they left,” said Awa Keita."
    found = analyse(text).quotes
    assert [(q.nested, q.text) for q in found if q.nested] == [(True, "leave the village before night falls")]


def test_a_role_named_again_is_its_holder_and_a_french_speaker_may_follow_the_verb():
    text = ("Le marché a été pillé, a déclaré le préfet de Douentza, Moussa Traoré.\n\n"
            "« Deux civils ont été tués », a souligné le préfet de Douentza ajoutant que les blessés étaient soignés à Mopti.")
    found = analyse(text, language="fr")
    assert ("name:moussa traore", "préfet de Douentza") in {(r.entity_key, r.role) for r in found.roles}
    speakers = {q.text: q.speaker for q in found.quotes}
    assert speakers["Deux civils ont été tués"] == "Moussa Traoré"
    (role,) = analyse("Selon le maire de Boni, Amadou Diallo, le marché a brûlé.", language="fr").roles
    assert role.role == "maire de Boni"


def speakers_of(text, **kwargs):
    return {q.text: q.speaker for q in analyse(text, **kwargs).quotes}


def test_french_inversions_after_the_quotation():
    text = ("« Le pont de Kona est coupé depuis hier », a indiqué à la radio locale un responsable de la mairie.\n\n"
            "Le préfet Issa Maïga a visité la ville mardi. « Nous rouvrirons la route avant la saison des pluies », "
            "a-t-il ajouté.")
    assert speakers_of(text, language="fr") == {
        "Le pont de Kona est coupé depuis hier": "responsable de la mairie",
        "Nous rouvrirons la route avant la saison des pluies": "Issa Maïga"}


def test_selon_lui_and_pour_x_frame_a_statement():
    text = ("Le maire Paul Sanou a reçu les familles. Selon lui, la digue a cédé pendant la nuit.\n\n"
            "Pour Awa Sidibé, la reconstruction prendra des années.")
    found = {(q.speaker, q.text) for q in analyse(text, language="fr").quotes}
    assert ("Paul Sanou", "la digue a cédé pendant la nuit") in found
    assert ("Awa Sidibé", "la reconstruction prendra des années") in found


def test_he_and_she_find_the_person_of_their_gender():
    text = ("Mr Tom Okello met Mrs Grace Achieng in Lira on Monday. "
            "“The bridge will be rebuilt before the rains come,” she said.")
    assert speakers_of(text) == {"The bridge will be rebuilt before the rains come,": "Grace Achieng"}


def test_a_pronoun_prefers_who_spoke_last_to_who_was_only_named():
    text = ("Mayor Ruth Nabwire said the water plant in Gulu had stopped. Police arrested Peter Ojok for theft. "
            "She added that repairs would take a week.")
    (quote,) = [q for q in analyse(text).quotes if q.text.startswith("repairs")]
    assert quote.speaker == "Ruth Nabwire"


def test_it_said_is_the_organisation_not_a_place_in_the_quotation():
    text = ("The Kivu Relief Network counted the damage on Friday. “Forty homes burned in Rutshuru and Kiwanja,” "
            "it said in a statement.")
    assert speakers_of(text) == {"Forty homes burned in Rutshuru and Kiwanja,": "Kivu Relief Network"}


def test_a_definite_description_is_the_holder_of_the_role():
    text = ("The governor of Lakeside Province, Mary Wanjiku, visited the camp. “We will send more tents tomorrow,” "
            "the governor said.")
    assert speakers_of(text) == {"We will send more tents tomorrow,": "Mary Wanjiku"}


def test_a_statement_speaks_for_whoever_issued_it():
    text = ("The Ministry of Water published a statement on Sunday. The statement said that three wells in Maro "
            "had been poisoned.")
    (quote,) = analyse(text).quotes
    assert quote.speaker == "Ministry of Water"


def test_the_group_is_the_armed_group_named_before_not_the_monitor_that_relayed_it():
    text = ("Le Front de libération du Sahel a revendiqué l'attaque dans un message relayé par l'Observatoire "
            "des conflits. Le groupe jihadiste a affirmé avoir détruit douze véhicules.")
    found = analyse(text, language="fr").quotes
    assert [q.speaker for q in found if q.text.startswith("avoir détruit")] == ["Front de libération du Sahel"]


def test_apostrophes_are_never_quote_marks():
    text = ("L'armée n'a pas confirmé l’attaque d’hier. It”s the army”s view, the officer”s aide said. "
            "“Don't go to the river after dark,” the chief said.")
    found = analyse(text).quotes
    assert [(q.direct, q.text) for q in found if q.direct] == [(True, "Don't go to the river after dark,")]


def test_a_quotation_that_never_closes_ends_with_its_paragraph():
    text = ("“We waited three days for the trucks and none of them came, said a trader in Bor.\n\n"
            "The market reopened on Friday.")
    (quote,) = [q for q in analyse(text).quotes if q.direct]
    assert quote.text.endswith("said a trader in Bor.") and "market" not in quote.text


def test_reversed_and_mixed_marks_pair_by_the_characters_around_them():
    text = ("Two guards were hurt ” after a truck hit a mine near Kidal “, in the north, the army said.\n\n"
            "« Nous avons fouillé toute la zone« , a confirmé un élu local.")
    found = [q.text for q in analyse(text).quotes if q.direct]
    assert "after a truck hit a mine near Kidal" in found
    assert [q.speaker for q in analyse(text.split("\n\n")[1], language="fr").quotes] == ["élu local"]


def test_a_speaker_is_never_a_date_or_an_unresolved_pronoun():
    text = "“The convoy left at dawn and never arrived,” he said on Monday. Sunday said that the road was open."
    assert all(q.speaker in (None,) for q in analyse(text).quotes)


def test_a_speaker_named_only_in_the_headline():
    title = "Aid chief Helen Mutua warns of famine in Turkana"
    text = title + "\n\n“Without rain in the next month, the herds will die and families will go hungry,” she said."
    (quote,) = analyse(text, title=title).quotes
    assert quote.speaker == "Helen Mutua"


def test_a_pull_quote_takes_the_speaker_of_the_same_words_in_the_text():
    text = ("“The river is our only road now.”\n\n"
            "Floods cut the highway to Malakal. “The river is our only road now,” said boatman Deng Garang.")
    assert {q.speaker for q in analyse(text).quotes} == {"Deng Garang"}


def test_a_quotation_whose_opening_mark_was_lost_runs_from_its_paragraph():
    text = "Rescuers pulled nine bodies from the rubble in Kona », a déclaré un porte-parole, Ali Moussa."
    (quote,) = analyse(text, language="fr").quotes
    assert (quote.text, quote.speaker) == ("Rescuers pulled nine bodies from the rubble in Kona", "Ali Moussa")


def test_a_closing_mark_after_a_number_closes():
    text = '"Their raids killed more than 40 civilians in 2024" in the north, the ministry added.'
    (quote,) = [q for q in analyse(text).quotes if q.direct]
    assert quote.text == "Their raids killed more than 40 civilians in 2024"


def test_who_is_quoted_and_who_is_accused():
    text = ("“We ran to the river when the shooting started,” Grace Auma, a trader, was quoted as saying.\n\n"
            "Le gang est accusé de nombreux pillages dans la région.")
    assert [q.speaker for q in analyse(text.split("\n\n")[0]).quotes] == ["Grace Auma"]
    assert analyse(text.split("\n\n")[1], language="fr").quotes == ()


def test_a_reflexive_verb_is_no_speech():
    text = "Le préfet a indiqué qu'un incendie s'était déclaré dans le dépôt de carburant."
    assert [q.speaker for q in analyse(text, language="fr").quotes] == ["préfet"]


def test_a_participle_that_reports_speaks_for_the_reporting_verb_above_it():
    assert speakers_of("The army said its jets struck a depot near the border, adding that two fighters were "
                       "killed.")["two fighters were killed"] == "army"
    assert speakers_of("Le gouverneur a ajouté qu'un incendie s'était déclaré dans le dépôt, soulignant que "
                       "personne n'a été blessé.", language="fr")["personne n'a été blessé"] == "gouverneur"
    assert speakers_of("Protesters marched to the palace, saying the election had been stolen.") == {
        "the election had been stolen": "Protesters"}
    assert speakers_of("The red flags have become symbols of the feud, underscoring the cruelty of the war.") == {}


def test_a_line_broken_quotation_finds_its_speaker_on_the_next_line():
    text = ("“The bodies of the missing\nsoldiers were found during a search of the valley,”\n"
            "the security source said on Tuesday.")
    assert [q.speaker for q in analyse(text).quotes if q.direct] == ["security source"]


def test_a_sentence_ending_in_a_noun_phrase_and_said_is_theirs():
    text = "A drone strike on the market of Kuma killed nine traders, farmers and local radio reports said."
    (quote,) = analyse(text).quotes
    assert quote.speaker == "farmers and local radio reports"


def test_the_same_source_is_who_spoke_last():
    text = ("« Deux soldats ont été tués près de Kona », a déclaré Issa Traoré, le maire de la ville. "
            "« Nous cherchons encore trois autres soldats », a ajouté la même source.")
    assert [q.speaker for q in analyse(text, language="fr").quotes] == ["Issa Traoré", "Issa Traoré"]


def test_a_report_by_someone_speaks_for_them():
    text = "According to a report by the Lakes Monitoring Panel, 40 boats were seized on the river."
    assert [q.speaker for q in analyse(text).quotes] == ["Lakes Monitoring Panel"]


def test_names_joined_by_and_speak_together():
    text = "The Lake Chad Commission and the Sahel Food Office both released statements condemning the blockade of Kona."
    assert [q.speaker for q in analyse(text).quotes] == ["Lake Chad Commission and Sahel Food Office"]


def test_a_statement_with_a_scare_quote_inside_is_still_a_statement():
    text = ("Un soldat a été tué et une dizaine de « terroristes neutralisés » samedi près de Kona, "
            "a annoncé lundi l'état-major.")
    (quote,) = [q for q in analyse(text, language="fr").quotes if not q.direct]
    assert quote.speaker == "état-major" and quote.text.startswith("Un soldat a été tué")


def test_a_verb_with_an_object_of_its_own_reports_nothing_before_it():
    text = "Although the rains came late, the cooperative has maintained its stores in Kona."
    assert analyse(text).quotes == ()
