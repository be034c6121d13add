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
