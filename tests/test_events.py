"""Events, first cut: type from triggers and victims, negations left out, figures and dates attached."""

from tests.language_helpers import analyse


def events_of(text, **kwargs):
    return [(e.type, e.sub_type, e.date_start, e.fatalities_low, e.alleged) for e in analyse(text, **kwargs).events]


def test_an_attack_on_civilians_with_its_toll_and_date():
    assert events_of("Gunmen attacked the market in Boni on Friday, killing 23 civilians.") == [
        ("violence_against_civilians", "attack", "2025-03-14", 23, False)]


def test_a_clash_between_armed_groups():
    assert events_of("Soldiers clashed with rebels near Douentza on Tuesday.")[0][:3] == (
        "battles", "armed_clash", "2025-03-18")


def test_allegations_are_marked():
    (event,) = events_of("Witnesses said the militia reportedly executed 12 villagers on March 2.")
    assert event[0] == "violence_against_civilians" and event[-1] is True


def test_plans_denials_and_negations_are_not_events():
    assert events_of("The army denied that it had attacked the village.") == []
    assert events_of("The rebels threatened to attack Gao next month.") == []


def test_strategic_developments_and_french():
    assert events_of("The government signed an agreement with the company on March 3.")[0][:2] == (
        "strategic_developments", "agreement")
    assert events_of("Des centaines de femmes ont manifesté mercredi à Ségou.", language="fr")[0][:3] == (
        "protests", "peaceful_protest", "2025-03-19")


def test_one_event_per_real_event_of_an_article_with_the_toll_it_states_first():
    text = ("Gunmen attacked the market in Boni on Friday, killing 23 civilians.\n\n"
            "Residents said at least 41 people were killed in the attack on the market.")
    (event,) = analyse(text).events
    assert (event.type, event.fatalities_low, event.fatalities_high) == ("violence_against_civilians", 23, 23)
    assert [text[s:e] for s, e in event.also] == ["Residents said at least 41 people were killed in the attack on the market."]
    text = ("At least 41 people were killed when gunmen stormed the market in Boni on Friday, residents said.\n\n"
            "The governor had said on Saturday that 23 people were killed.")
    (event,) = analyse(text).events
    assert (event.fatalities_low, event.fatalities_high) == (41, None)


def test_a_sentence_keeps_its_most_specific_event():
    assert events_of("A suicide bomber killed nine civilians at a checkpoint on Friday.")[0][:2] == (
        "explosions_remote_violence", "suicide_bomb")
    assert events_of("Colonel Diallo seized power in a coup on Friday.")[0][:2] == ("strategic_developments", "coup")


def test_modifiers_purposes_and_background_are_not_events():
    assert events_of("The army received two attack helicopters on Friday.") == [  # a delivery, not an attack
        ("strategic_developments", "arms_delivery", "2025-03-14", None, False)]
    assert events_of("France deployed troops to fight the insurgency.") == [
        ("strategic_developments", "troop_deployment", "2025-03-20", None, False)]
    assert events_of("The region is regularly the scene of attacks.") == []


def test_a_trigger_noun_denied_is_no_event():
    assert events_of("There was no shelling in the district on Monday, residents said.") == []
    assert events_of("Aucun affrontement n'a été signalé lundi dans la ville.", language="fr") == []


def test_states_of_affairs_over_years_are_not_events():
    assert events_of("Bandits have attacked villages in the northern districts since 2017.") == []
    assert events_of("The insurgency has killed thousands of herders over the past decade.") == []
    assert events_of("Les enlèvements frappent les villages de la vallée depuis des années.", language="fr") == []
    assert [e[0] for e in events_of("Gunmen have killed nine herders near the river since Tuesday.")] == [
        "violence_against_civilians"]
    assert [e[1] for e in events_of("Troops have clashed with the rebels near the dam since the coup in 2020.")] == [
        "coup"]  # the coup is an event of its day, the clashes since are not


def test_actors_sources_and_passive_voice():
    (event,) = analyse("Twelve villagers were killed by jihadists near Boni on Friday, the governor said.").events
    assert event.actors == ("jihadists",)
    (event,) = analyse("According to Amnesty International, gunmen killed 12 civilians on Friday.").events
    assert event.actors == ("unidentified gunmen",)
    (battle,) = analyse("Soldiers clashed with jihadists near Douentza on Tuesday.").events
    assert "jihadists" in battle.actors



def test_who_is_acted_upon_in_the_passive_is_not_an_actor():
    (event,) = analyse("Prime Minister Amadou Keita was arrested at his home on Friday and ousted in a coup.").events
    assert (event.sub_type, event.actors, event.targets) == ("coup", (), ("Amadou Keita",))
    (event,) = analyse("Prime Minister Amadou Keita was ousted by Colonel Sidi Traore in a coup on Friday.").events
    assert event.actors == ("Sidi Traore",)
    (event,) = analyse("Chadian troops were withdrawn from Gao on Friday.").events
    assert event.actors == ("Military Forces of Chad",)


def test_who_announces_a_development_that_names_no_one_else_is_its_actor():
    (event,) = analyse("A Nigerien minister told reporters on Monday that 300 officers are in training in Morocco.").events
    assert (event.sub_type, event.actors) == ("training", ("Niger",))
    (event,) = analyse("Police said on Monday that gunmen killed 12 civilians near Gao.").events
    assert "Police" not in event.actors


def test_questions_and_references_back_are_not_new_events():
    assert events_of("Who attacked the convoy near Gao on Friday?") == []
    assert events_of("The attack, the minister said, was cowardly.") == []
    assert events_of("The attack on Friday killed 12 soldiers.")[0][0] == "battles"


def test_the_sentences_own_event_goes_before_its_background():
    assert events_of("The governor declared a curfew in Boni on Sunday, two days after gunmen attacked the market.")[0][:2] == (
        "strategic_developments", "sanctions")


def test_the_nearest_victims_decide_and_passive_victims_come_first():
    assert events_of("Two ambulances carrying patients were shot at near the camp on Friday.")[0][0] == \
        "violence_against_civilians"
    assert events_of("Three of the trucks bringing patients from the camp were shot at on Friday.")[0][0] == \
        "violence_against_civilians"  # the patients in the subject before the camp nearer the verb
    assert events_of("Gunmen attacked an army patrol near a village on Friday.")[0][0] == "battles"


def test_a_decision_to_act_is_the_act_and_victims_of_a_noun_are_on_either_side():
    assert events_of("The charity took the decision to suspend its work in the camp on Friday.")[0][:2] == (
        "strategic_developments", "sanctions")
    (event,) = analyse("Police said 32 traders died in a raid on the market in the capital on Friday.").events
    assert (event.type, event.fatalities_low) == ("violence_against_civilians", 32)


def test_how_a_violent_event_was_done_counts_even_after_after():
    assert events_of("A driver was killed on Friday after his truck hit a roadside bomb.")[0][0] \
        == "explosions_remote_violence"


def test_participants_and_other_languages_words_are_not_events():
    assert events_of("Police used tear gas against protesters and journalists, the report said.") == []
    assert events_of("Tensions grew into open manifestations of racism between the units.") == []


def test_possessed_nouns_point_back_or_are_generic():
    assert events_of("The minister praised the army for its fight against terrorism.") == []


def test_states_and_their_forces_are_named_by_demonyms_and_possessives():
    assert analyse("Russian soldiers were deployed to Timbuktu on Friday.").events[0].actors == ("Military Forces of Russia",)
    assert analyse("Des soldats russes ont été déployés à Tombouctou vendredi.", language="fr").events[0].actors == (
        "Military Forces of Russia",)
    assert "Italy" in analyse("Italian Prime Minister Giulia Verdi signed a deal with Niger on June 3.").events[0].actors
    assert "Military Forces of Mali" in analyse("Mercenaries fought Mali's army near Gao on Monday.").events[0].actors


def test_agents_claims_and_relative_clauses_name_the_actors():
    (event,) = analyse("Kidal, which was seized on Monday, at dawn, by the rebels of the M23 movement, is calm.").events
    assert "M23" in event.actors
    (event,) = analyse("Boko Haram claimed to have killed 30 soldiers near Gwoza on Friday.").events
    assert event.actors == ("Boko Haram",)
    (event,) = analyse("Traders in Bamako blame ECOWAS, which sanctioned Mali on Friday.").events
    assert event.actors == ("Economic Community of West African States",)


def test_counts_descriptions_and_a_vague_headline_are_not_events_of_their_own():
    assert events_of("Niger has lived through two military coups.") == []
    assert events_of("The guards told the detained men to sit down.") == []
    assert events_of("Today's attack will not break us, the mayor said.") == []
    text = ("Terrorist attack upends Boni\n\n"
            "Gunmen killed 23 civilians at the market in Boni on Friday.")
    (event,) = analyse(text).events
    assert (event.type, event.fatalities_low, len(event.also)) == ("violence_against_civilians", 23, 1)


def test_a_headline_sums_up_an_event_the_text_tells():
    text = ("Soldiers stand guard in Conakry.\n\nJunta takes power in Guinea after a coup\n\n"
            "On Sunday, soldiers ousted President Alpha Barry in a coup in Conakry.")
    (event,) = analyse(text, title="Junta takes power in Guinea after a coup").events
    assert (event.sub_type, event.date_start, len(event.also)) == ("coup", "2025-03-16", 1)
    assert len(analyse(text).events) == 2  # without a title, the line is one more sentence


def test_an_announced_decision_is_an_event_and_a_visit_next_week_is_not():
    (event,) = analyse("In January, France announced that its mission would wind down.").events
    assert (event.sub_type, event.actors, event.date_start) == ("troop_withdrawal", ("France",), "2025-01-01")
    assert events_of("The ministry announced on Friday that the envoys would visit Niamey next week.") == []
    assert events_of("The envoys would visit Niamey on Friday.") == []


def test_a_country_named_as_where_is_not_an_actor():
    (event,) = analyse("Since 2019, Chadian troops had been in Niger, but in January Chad announced a pullout.").events
    assert (event.sub_type, event.actors) == ("troop_withdrawal", ("Military Forces of Chad",))


def test_the_future_and_purposes_joined_to_a_noun_are_not_events():
    assert events_of("France will withdraw its last troops from Gao.") == []
    assert events_of("Chadian troops were deployed to Gao to assist with patrols and fight bandits.")[0][:2] == (
        "strategic_developments", "troop_deployment")
    assert events_of("Chad flies drones over Gao to deter attacks on the market.") == []


def test_what_goes_on_meanwhile_is_background_and_future_or_readiness_is_no_event():
    events = analyse("On Friday, as rebels fought to capture Goma, Turkish suppliers delivered drones to Kinshasa.").events
    assert [(e.type, e.sub_type, e.text) for e in events] == [
        ("battles", "armed_clash", "as rebels fought to capture Goma"),
        ("strategic_developments", "arms_delivery",
         "On Friday, as rebels fought to capture Goma, Turkish suppliers delivered drones to Kinshasa")]
    assert events_of("Officials fear the mission will extend beyond training.") == []
    assert events_of("France is prepared to deploy troops to Gao.") == []


def test_donations_are_deliveries_and_these_events_point_back():
    (event,) = analyse("Turkey has donated six armoured vehicles to the Nigerien army.").events
    assert (event.sub_type, event.actors) == ("arms_delivery", ("Turkey",))
    assert events_of("These attacks drove thousands of herders to Mopti in January.") == []


def test_violence_by_no_one_named_is_an_unidentified_armed_groups_until_a_report_names_it():
    (event,) = analyse("Twelve herders were killed near Douentza on Friday.").events
    assert event.actors == ("unidentified armed group",)
    text = ("Twelve herders were killed near Douentza on Friday.\n\n"
            "Witnesses said jihadists killed the herders near Douentza on Friday.")
    (event,) = analyse(text).events
    assert event.actors == ("jihadists",)


def test_offers_failures_purposes_and_earlier_attacks_are_not_new_events():
    assert events_of("Russia is offering to train the Malian army.") == []
    assert events_of("The fighters failed to seize the mines near Gao.") == []
    assert events_of("France deployed troops to Gao to protect the town and fight jihadists.")[0][:2] == (
        "strategic_developments", "troop_deployment")
    assert events_of("Aid groups had warned of hunger in Boni well before last weekend's attack.") == []
    assert events_of("The attack hit Boni, a town the army has held since 2019.") == []


def test_typographic_apostrophes_and_causes_in_french():
    (event,) = analyse("Le groupe a revendiqué jeudi l’attaque contre le camp militaire d’Ansongo, qui a fait 14 morts.",
                       language="fr").events
    assert event.type == "battles"
    assert events_of("Une rencontre des ministres prévue mardi à Niamey a été reportée, en raison de cette attaque.", language="fr")[0][:2] == (
        "strategic_developments", "diplomatic_visit")


def test_a_bombing_and_its_gunfire_are_one_explosion_with_the_toll_of_all_its_victims():
    text = ("A car bomb exploded at a market in Boni on Friday.\n\n"
            "Police said 32 people died in the attack on the market on Friday.\n\n"
            "Two gendarmes were killed in the attack, the others who died were traders, an officer said.")
    (event,) = analyse(text).events
    assert (event.type, event.fatalities_low) == ("explosions_remote_violence", 32)


def test_a_count_of_attacks_is_not_a_toll():
    figures = analyse("Six civilians were killed in two attacks on Monday.").figures
    assert [(f.measure, f.value_low) for f in figures] == [("fatalities", 6), ("events", 2)]


def test_an_earlier_event_in_the_background_is_its_own_event():
    mutiny, coup = analyse("After a mutiny in May, soldiers under Colonel Assimi Goita seized power in Bamako.").events
    assert (mutiny.type, mutiny.date_start, coup.sub_type) == ("riots", "2024-05-01", "coup")
    assert "Assimi Goita" in coup.actors


def test_an_event_told_in_passing_stays_apart_and_places_beside_it_do_not_place_it():
    text = ("A roadside bomb hit an army convoy near Hombori on Tuesday, killing three soldiers.\n\n"
            "The attack came four days after gunmen killed at least 23 people at the market in Boni.")
    events = analyse(text).events
    assert [(e.type, e.fatalities_low) for e in events] == [("explosions_remote_violence", 3), ("violence_against_civilians", 23)]
    assert events_of("The governor announced 23 dead on Saturday and blamed the attack on the movement.") == []


def test_who_claims_responsibility_is_an_actor_not_a_source():
    raid, claim = analyse("Police say nine traders killed in raid on Gao market; Al-Shabab claims responsibility").events
    assert raid.type == "violence_against_civilians" and "Al-Shabaab" in raid.actors
    assert claim.sub_type == "claim_of_responsibility" and "Al-Shabaab" in claim.actors
    text = "Gunmen killed nine traders at the market in Gao on Monday.\n\nAl-Shabab claimed responsibility for the killings."
    raid, claim = analyse(text).events
    assert (raid.actors, claim.actors) == (("Al-Shabaab",), ("Al-Shabaab",))


def test_phrasal_verbs_bases_and_entering_a_city():
    assert events_of("The army pulled its troops out of Gao on Friday.")[0][:2] == ("strategic_developments", "troop_withdrawal")
    assert events_of("Soldiers drove the fighters out of Léré on Monday.")[0][:2] == ("battles", "government_regains_territory")
    assert events_of("France built a base in Gao in 2015.")[0][:2] == (
        "strategic_developments", "headquarters_or_base_established")
    assert events_of("On Monday night, rebel troops entered the city.")[0][:2] == (
        "battles", "non_state_actor_overtakes_territory")


def test_of_two_triggers_of_a_rank_the_verb_tells_the_event():
    (event,) = analyse("Talk of an election divided the junta and ECOWAS, which suspended Mali on Friday.").events
    assert (event.sub_type, event.actors) == ("sanctions", ("Economic Community of West African States",))


def test_an_official_acts_for_the_state_their_role_names():
    text = ("Russian Foreign Minister Sergey Lavrov arrived in Niamey on Tuesday.\n\n"
            "Lavrov and the Nigerien president discussed a mining deal on Wednesday.")
    (event,) = analyse(text).events  # the visit; a deal discussed is not one signed
    assert event.sub_type == "diplomatic_visit" and {"Sergey Lavrov", "Russia"} <= set(event.actors)


def test_the_insurgents_are_the_armed_group_the_article_named():
    text = ("Boko Haram fighters raided Gwoza on Monday.\n\n"
            "On Tuesday the insurgents killed 20 villagers near Pulka.")
    events = analyse(text).events
    assert events[-1].actors[:2] == ("Boko Haram", "insurgents")


def test_the_group_named_again_is_the_armed_group_named_last():
    text = ("The Wagner Group arrived in Mali in December.\n\n"
            "Witnesses said the group executed 30 villagers near Moura on Friday.")
    assert analyse(text).events[-1].actors[0] == "Wagner Group"
    text = ("The Wagner Group arrived in Mali in December.\n\n"
            "In May a group of officers seized power. The group later dissolved the assembly on Friday.")
    assert "Wagner Group" not in analyse(text).events[-1].actors


def test_a_protest_is_its_crowds():
    (event,) = analyse("Children waved flags at a demonstration in Bamako on Friday.").events
    assert event.actors == ("protesters", "children")
    (event,) = analyse("A man waved a flag at a demonstration in Bamako on Friday.").events
    assert event.actors == ("protesters",)
    (event,) = analyse("Traders' unions marched in Bamako on Friday.").events
    assert event.actors[0] == "protesters"


def test_food_and_fuel_supplies_are_no_arms_delivery():
    assert events_of('"The trucks are bringing supplies to the people of Gao," the officer said.') == []


def test_one_death_told_without_a_number_and_the_wounded_apart():
    (event,) = analyse("A driver was killed and three others were wounded when their truck hit a mine near Gao on Monday.").events
    assert (event.sub_type, event.fatalities_low, event.fatalities_high) == ("remote_explosive_landmine_ied", 1, 1)
    (event,) = analyse("Un soldat a été tué lundi dans une embuscade près de Gao.", language="fr").events
    assert (event.type, event.fatalities_low) == ("battles", 1)


def test_who_is_blamed_is_the_actor_and_who_blames_is_not():
    text = ("The Rising Sun Movement operates near Douentza.\n\n"
            "Gunmen attacked the market in Boni on Friday, killing 12 traders, and the governor blamed "
            "the attack on the movement.")
    (event,) = analyse(text).events
    assert (event.type, event.actors) == ("violence_against_civilians", ("Rising Sun Movement",))


def test_victims_are_never_actors_and_a_bomb_by_no_one_named_is_an_unidentified_groups():
    (event,) = analyse("A roadside bomb struck an army convoy near Gao on Tuesday, killing three soldiers.",
                       language="en").events
    assert (event.sub_type, event.actors) == ("remote_explosive_landmine_ied", ("unidentified armed group",))
    (event,) = analyse("Three soldiers killed as roadside bomb hits convoy near Gao").events
    assert event.actors == ("unidentified armed group",)


def test_an_event_told_since_another_is_another_event():
    text = ("The Rising Sun Movement operates near Douentza.\n\n"
            "The clash was the first fighting between soldiers and the group since the attack on the market "
            "on March 14, which the governor blamed on the movement.")
    clash, attack = analyse(text).events
    assert (attack.type, attack.date_start, attack.actors) == ("violence_against_civilians", "2025-03-14",
                                                               ("Rising Sun Movement",))
    assert clash.type == "battles"


def test_the_parties_of_an_agreement_act_and_forces_moved_act():
    (event,) = analyse("Mali signed a defence agreement with Russia on Monday.").events
    assert set(event.actors) == {"Mali", "Russia"}
    (event,) = analyse("The withdrawal of French troops from Gao began on Monday.").events
    assert (event.sub_type, event.actors) == ("troop_withdrawal", ("Military Forces of France",))


def test_a_word_is_read_as_an_event_only_with_the_phrases_it_needs():
    assert events_of("The minister sent a letter to the governor on Monday.") == []
    assert events_of("The company opened a gold mine near Kayes in 2019.") == []
    assert events_of("The minister delivered a speech in Gao on Monday.") == []
    assert events_of("France sent 300 troops to Gao on Monday.")[0][:2] == ("strategic_developments", "troop_deployment")
    assert events_of("Russia delivered two helicopters to the army on Monday.")[0][:2] == (
        "strategic_developments", "arms_delivery")


def test_a_weekday_in_an_article_published_that_day_is_that_day_and_a_name_is_no_weekday():
    text = "Rising Sun fighters and soldiers clashed near Douentza on Tuesday."
    (event,) = analyse(text, published="2025-03-25").events
    assert (event.date_start, event.date_precision) == ("2025-03-25", "day")


def test_denied_and_habitual_events_are_no_events_and_two_dated_clashes_are_two():
    assert events_of("No group claimed the bombing. The village was not attacked on Monday.") == []
    assert events_of("The brigade has used roadside bombs on this road before.") == []
    text = ("On March 18 a roadside bomb killed three soldiers near Hombori, and on March 19 the army and "
            "the rebels fought near Douentza.")
    assert [(e.type, e.date_start) for e in analyse(text).events] == [
        ("explosions_remote_violence", "2025-03-18"), ("battles", "2025-03-19")]


def test_an_event_told_in_passing_without_a_date_of_its_own_keeps_a_coarse_one():
    (event,) = analyse("Hundreds marched in Bamako on Saturday after the attack on the market in Boni.").events[1:]
    assert (event.type, event.date_start, event.date_end, event.date_precision) == (
        "violence_against_civilians", "2025-01-01", "2025-03-15", "year")


def test_a_fight_is_a_battle_whoever_it_kills_and_a_massacre_needs_no_victims_named():
    assert events_of("Nearly 300 people were killed in fighting between the army and the rebels in March.")[0][0] == \
        "battles"
    assert events_of("Le président a été tué lors de combats contre des rebelles.", language="fr")[0][:4] == (
        "battles", "armed_clash", "2025-03-20", 1)
    assert events_of("The massacre took place in the town of Boni on Friday.")[0][:2] == (
        "violence_against_civilians", "attack")
    assert events_of("On Monday the rebels captured Boni, a town of thousands of people.")[0][:2] == (
        "battles", "non_state_actor_overtakes_territory")  # its people do not make it an attack on civilians


def test_where_it_happened_names_no_victims():
    assert events_of("Gunmen attacked a police post in the village of Boni on Friday.")[0][0] == "battles"
    assert events_of("Gunmen attacked the village of Boni on Friday.")[0][0] == "violence_against_civilians"


def test_a_bombing_and_a_gun_battle_are_two_events_an_attack_by_a_bomb_is_one():
    text = ("A suicide bomber blew himself up at the gate of the army base in Boni on Monday.\n\n"
            "Soldiers then fought the attackers for two hours at the base in Boni on Monday.")
    assert [e.type for e in analyse(text).events] == ["explosions_remote_violence", "battles"]
    text = ("A roadside bomb hit an army convoy near Boni on Monday.\n\n"
            "Five soldiers were killed in the attack on the convoy near Boni on Monday.")
    assert [e.type for e in analyse(text).events] == ["explosions_remote_violence"]


def test_the_toll_of_the_clause_vague_one_person_or_told_again():
    assert events_of("Insurgents stormed the town on Monday, killing dozens of people.")[0][3] == 12
    assert events_of("The governor was killed in an ambush on Monday.")[0][3] == 1
    assert events_of("The family was killed in an air strike on Monday.")[0][3] is None
    assert events_of("A nurse lost her life in an air strike on the clinic on Monday.")[0][3] == 1
    text = "Over 200 civilians killed in Boni?\n\nOver 200 civilians have been killed in Boni on Monday."
    (event,) = analyse(text).events
    assert event.fatalities_low == 200


def test_a_speaker_who_says_it_did_it_is_its_actor():
    (event,) = analyse("On Monday the Rising Sun Movement said it had captured the town of Boni.").events
    assert event.sub_type == "non_state_actor_overtakes_territory" and "Rising Sun Movement" in event.actors


def test_habits_states_and_counts_of_events_are_no_events():
    assert events_of("Gangs who raid villages, killing residents after looting homes, roam the forest.") == []
    assert events_of("The country is also battling jihadist groups.") == []
    assert events_of("Le pays fait face à des attaques djihadistes régulières.", language="fr") == []
    assert events_of("The army carried out more than 300 air strikes in the last year.") == []
    assert events_of("Gunmen kill 12 villagers in Boni")[0][0] == "violence_against_civilians"  # a headline: present
    assert events_of("A helicopter fired six rockets near Gao on Friday.")[0][0] == "explosions_remote_violence"


def test_a_participle_describes_unless_it_says_by_whom():
    assert events_of("Un deuil national a été décrété en hommage aux soldats tués.", language="fr") == []
    assert events_of("Le gang est dirigé par un chef sanctionné par les États-Unis.", language="fr")[0][:2] == (
        "strategic_developments", "sanctions")


def test_no_place_of_the_event_across_a_border_next_door_or_where_someone_spoke():
    from sitrep.events.setting import asides_of
    from sitrep.events.triggers import Trigger
    from sitrep.events.words import event_words
    from sitrep.language.models import parse
    from sitrep.language.speech import speech_words

    def asides(text, trigger, language="en"):
        ((chunk,),) = parse([text], language)
        sent = next(iter(chunk.doc.sents))
        token = next(t for t in sent if t.text == trigger)
        found = Trigger("battles", "armed_clash", token, token.idx, True, False, token)
        return [text[a:b] for a, b in asides_of(sent, 0, found, event_words(), speech_words(language).verbs)]

    assert "Niger" in asides("The attackers fled to neighbouring Niger after the raid.", "raid")
    assert "Libye" in asides("Il a été tué lors de combats dans une région frontalière de la Libye.", "combats", "fr")
    assert any("Bamako" in a for a in asides("Speaking to reporters in Bamako, the governor confirmed the raid.",
                                               "raid"))


def test_clauses_with_a_subject_and_a_place_of_their_own_are_events_of_their_own():
    first, second = analyse("Five soldiers were killed in Gao on Monday while three civilians died in an attack in Mopti.").events
    assert (first.text, first.fatalities_low) == ("Five soldiers were killed in Gao on Monday", 5)
    assert (second.fatalities_low, second.date_start, second.targets) == (3, "2025-03-17", ("civilians",))
    assert "civilians" not in second.actors  # who died is a victim
    (one,) = analyse("At least 41 people were killed when gunmen stormed the market in Boni on Friday.").events
    assert one.fatalities_low == 41


def test_a_toll_of_several_events_goes_to_none_of_them_and_another_group_is_another_event():
    text = ("Six civilians were killed in two attacks by Al-Shabab on Monday.\n\n"
            "Gunmen attacked a village near Gao on Monday night, killing four civilians.\n\n"
            "Another group attacked a village near Mopti on Monday night.\n\n"
            "Two civilians were killed there, the governor said.")
    first, second = analyse(text).events
    assert (first.fatalities_low, second.fatalities_low) == (4, 2)
    assert second.actors == ("Al-Shabaab",)  # the sentence that counts the attacks names who
    text = ("A suicide bomber blew himself up at the market on Monday, killing four people.\n\n"
            "Another blast hit the market an hour later, the police said.")
    assert len(analyse(text).events) == 1  # one place and day: one event, as ACLED codes it


def test_the_nouns_of_a_purpose_are_no_events():
    assert events_of("France sent troops to Niger on Monday to secure the border and pave the way for a peace agreement.") == [
        ("strategic_developments", "troop_deployment", "2025-03-17", None, False)]


def test_a_bombing_is_from_the_air_only_when_aircraft_or_armed_forces_bomb():
    assert events_of("A car bombing killed six people at the market on Monday.")[0][:2] == (
        "explosions_remote_violence", "remote_explosive_landmine_ied")
    assert events_of("The raid started with a suicide car bombing at the gate of the base on Monday.")[0][:2] == (
        "explosions_remote_violence", "suicide_bomb")
    assert events_of("Warplanes bombed the village on Monday, killing 12 people.")[0][:2] == (
        "explosions_remote_violence", "air_drone_strike")
    assert events_of("The army bombed a village near the border on Monday.")[0][:2] == (
        "explosions_remote_violence", "air_drone_strike")
    assert events_of("Les rebelles ont bombardé la ville lundi.", language="fr")[0][:2] == (
        "explosions_remote_violence", "shelling_artillery_missile_attack")


def test_a_state_that_did_it_or_fought_through_its_leader_is_an_actor():
    (strike,) = analyse("A late-night Russian strike killed two people on Monday.").events
    assert strike.actors == ("Russia",)
    (battle,) = analyse("The Chadian president was killed in fighting with rebels on Monday.").events
    assert "Chad" in battle.actors and battle.fatalities_low == 1


def test_who_is_named_in_a_dateline_does_not_act():
    (event,) = analyse("GAO, March 17 (Reuters) - Mali's army said it killed 20 militants on Monday.").events
    assert "Reuters" not in event.actors and event.fatalities_low == 20


def test_strikes_by_what_they_use_and_labour_strikes():
    assert events_of("A Russian strike on the town killed two people on Monday.")[0][:2] == (
        "explosions_remote_violence", "shelling_artillery_missile_attack")
    assert events_of("A drone strike killed two people on Monday.")[0][:2] == ("explosions_remote_violence", "air_drone_strike")
    assert events_of("Workers went on strike on Monday.")[0][:2] == ("protests", "peaceful_protest")
    assert events_of("Russia launched 37 drones against the country overnight.")[0][:2] == (
        "explosions_remote_violence", "air_drone_strike")
    assert events_of("Turkey delivered six drones to the army on Monday.")[0][:2] == ("strategic_developments", "arms_delivery")


def test_an_air_strike_and_shelling_of_one_night_are_two_events_and_two_blasts_one():
    text = ("Russia launched 37 drones against the region overnight, the air force said.\n\n"
            "Russian forces also shelled the town overnight, the governor said.")
    assert [e.sub_type for e in analyse(text).events] == ["air_drone_strike", "shelling_artillery_missile_attack"]
    text = ("A suicide bomber blew himself up at the market on Monday, killing four people.\n\n"
            "A roadside bomb exploded near the market an hour later, the police said.")
    assert len(analyse(text).events) == 1


def test_an_event_told_with_an_earlier_month_is_not_the_news_of_the_day():
    text = ("An air strike on a village killed ten civilians, residents said.\n\n"
            "In January, warplanes bombed a wedding in the same district, killing about 170 people.")
    events = analyse(text, published="2025-03-20").events
    assert [(e.date_precision, e.fatalities_low) for e in events] == [("publication", 10), ("month", 170)]
