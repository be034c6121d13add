"""Entities: NER plus the actor dictionary, merged into canonical entities within a document."""

from sitrep.language.name_shapes import name_spans
from tests.language_helpers import analyse

TEXT = ("Col. Amadou Keïta, the commander of the Sévaré garrison, met officers of the Forces armées "
        "maliennes on Monday. Keita said the FAMa would stay in the town. Human Rights Watch (HRW) "
        "asked for an inquiry; HRW said the Wagner Group's instructors had left. The Malian army "
        "denied it. Jihadists attacked a convoy near Douentza.")


def entity(analysis, name):
    return next(e for e in analysis.entities if e.name == name)


def test_dictionary_names_merge_across_languages_and_forms():
    found = analyse(TEXT)
    fama = entity(found, "Military Forces of Mali")
    assert set(fama.aliases) == {"Forces armées maliennes", "FAMa", "Malian army"}
    assert (fama.type, fama.actor_type, fama.country) == ("ORG", "state forces", "ML")
    assert entity(found, "Wagner Group").aliases == ("Wagner Group",)


def test_titles_accents_and_surnames_merge_into_one_person():
    person = entity(analyse(TEXT), "Amadou Keïta")
    assert person.type == "PERSON" and person.key == "name:amadou keita"
    assert set(person.aliases) == {"Amadou Keïta", "Keita"}


def test_an_acronym_in_brackets_is_the_name_before_it():
    hrw = entity(analyse(TEXT.replace("Human Rights Watch", "Sahel Rights Monitor").replace("HRW", "SRM")), "Sahel Rights Monitor")
    assert set(hrw.aliases) == {"Sahel Rights Monitor", "SRM"}


def test_descriptions_link_to_a_category_not_a_name():
    jihadists = entity(analyse(TEXT), "jihadists")
    assert jihadists.type == "DESC" and jihadists.aliases == ("Jihadists",)


def test_roles_from_apposition_and_titles():
    found = analyse("Sidi Traoré, the regional governor of Mopti, spoke on Monday. "
                    "Defence Minister Sadio Camara visited the base.")
    roles = {r.entity_key: r.role for r in found.roles}
    assert roles["name:sidi traore"] == "regional governor of Mopti"
    assert roles["name:sadio camara"] == "Defence Minister"
    assert all(r.date == "2025-03-20" for r in found.roles)


def test_french_names():
    found = analyse("Le président Mahamadou Issoufou a réuni le Conseil national de sécurité. "
                    "Issoufou a rendu hommage à l'armée nigérienne.", language="fr")
    assert set(entity(found, "Mahamadou Issoufou").aliases) == {"Mahamadou Issoufou", "Issoufou"}
    assert "armée nigérienne" in entity(found, "Military Forces of Niger").aliases


def test_a_rank_the_tagger_took_for_a_person_is_no_entity():
    found = analyse("Since 2020, when the military leader Col. Amadou Sidibe staged a coup, ties have soured.")
    assert [e.name for e in found.entities if e.type == "PERSON"] == ["Amadou Sidibe"]


def test_a_name_is_written_as_the_text_writes_it_not_as_a_dateline_shouts_it():
    found = analyse("GAO, March 3 — Traders in Gao closed their shops on Monday, the mayor of Gao said.")
    assert [(e.name, e.aliases) for e in found.entities] == [("Gao", ("GAO", "Gao"))]


def named(analysis) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Exported entities: name -> (type, aliases)."""
    return {e.name: (e.type, e.aliases) for e in analysis.entities if e.type in ("PERSON", "ORG", "GPE", "LOC", "FAC")}


def test_a_demonym_or_a_possessive_on_a_noun_for_a_state_names_that_states_forces_or_government():
    found = named(analyse("The Rwandan army crossed the border on Monday. Ethiopia's armed forces said they were "
                          "ready. Mali's military government expelled the envoy."))
    assert found["Military Forces of Rwanda"] == ("ORG", ("Rwandan army",))
    assert found["Military Forces of Ethiopia"] == ("ORG", ("Ethiopia's armed forces",))
    assert found["Mali"] == ("GPE", ("Mali's military government",))


def test_french_descriptions_of_a_state_after_the_noun():
    found = named(analyse("L'armée tchadienne a repoussé l'attaque. Les forces armées du Niger et les autorités "
                          "burkinabè ont publié un communiqué.", language="fr"))
    assert found["Military Forces of Chad"] == ("ORG", ("armée tchadienne",))
    assert found["Military Forces of Niger"] == ("ORG", ("forces armées du Niger",))
    assert found["Burkina Faso"] == ("GPE", ("autorités burkinabè",))


def test_a_description_joins_the_actor_it_points_to_when_the_article_names_it():
    found = analyse("The Wagner Group sent fighters to the north. Russian instructors trained local units.")
    assert set(entity(found, "Wagner Group").aliases) == {"Wagner Group", "Russian instructors"}


def test_fragments_position_capitals_and_demonyms_are_not_names():
    found = analyse("Shelling continued overnight near the port. The Sahel Relief Network said a UN-backed clinic "
                    "had closed and that pro-Kremlin channels spread the claim. A Nigerien official agreed.")
    assert list(named(found)) == ["Sahel Relief Network"]
    assert [(e.name, e.type) for e in found.entities if e.type == "NORP"] == [("Nigerien", "NORP")]


def test_a_word_for_an_administrative_unit_is_not_part_of_the_name_after_it():
    found = named(analyse("Attaques dans le nord : deux villages incendiés dans le département du Mayo Sava, "
                          "a dit Jean Kamga.", language="fr"))
    assert found == {"Mayo Sava": ("LOC", ("Mayo Sava",)), "Jean Kamga": ("PERSON", ("Jean Kamga",))}


def test_a_person_is_named_in_full_across_what_the_tagger_split_or_left_out():
    found = named(analyse("Mercredi 9 octobre, Myriam Fièvre, maire de la ville voisine, a parlé.", language="fr"))
    assert found["Myriam Fièvre"] == ("PERSON", ("Myriam Fièvre",))


def test_an_organisation_is_named_by_its_head_noun_and_holds_the_names_at_its_start():
    found = named(analyse("The Chad Farmers Union said on Monday that the Joint Relief Forces had left. "
                          "Two UN Security Council members abstained."))
    assert set(found) == {"Chad Farmers Union", "Joint Relief Forces", "UN Security Council"}


def test_a_span_the_tagger_ran_over_a_role_holds_an_organisation_and_a_person():
    found = named(analyse("Gunmen stormed the town, according to Chad's Ministry of Water spokesperson Ali Musa."))
    assert found["Ministry of Water"][0] == "ORG" and found["Ali Musa"][0] == "PERSON"


def test_common_nouns_peoples_and_models_name_no_one():
    found = analyse("The raid came despite a government amnesty. An armed Fulani group and Hutu fighters "
                    "flew a Mi-24 helicopter.")
    assert "Amnesty International" not in named(found)
    assert {e.name for e in found.entities if e.type == "NORP"} >= {"Fulani", "Hutu"}
    assert not [e for e in found.entities if e.type == "PERSON"]


def test_names_joined_by_a_hyphen_are_one_name():
    found = named(analyse("Gunmen invaded Dogo-Bari village in Tillaberi on Sunday."))
    assert "Dogo-Bari" in found and "Dogo" not in found and "Bari" not in found


def test_a_demonym_at_the_head_of_its_phrase_stands_for_the_state():
    found = analyse("The British pulled out in March. A Nigerien official said so.")
    assert entity(found, "United Kingdom").aliases == ("British",)
    assert entity(found, "Nigerien").type == "NORP"


def test_a_word_for_a_direction_or_a_kind_of_place_names_none_unless_a_region_word_says_so():
    found = named(analyse("Troops moved to the North-east on Monday. Deputy Secretary of State Ann Lee flew to "
                          "the West region."))
    assert "North-east" not in found and "State" not in found and found["Ann Lee"][0] == "PERSON"
    assert name_spans("Le détachement de Koro ‘Province du Nord’ tient.", 18, 34, "LOC") \
        and [s.end for s in name_spans("Le détachement de Koro ‘Province du Nord’ tient.", 18, 34, "LOC")] == [22]


def test_an_organisation_and_a_language_after_it_is_its_service_in_that_language():
    assert "BBC Somali" in named(analyse("BBC Somali and other outlets reported the raid on Monday."))


def test_french_names_lose_a_leading_demonym_a_place_noun_or_an_elision_and_a_title_is_no_organisation():
    found = named(analyse("Le mouvement palestinien Hamas a revendiqué l'attaque dans la ville de Nabatieh, selon le "
                          "ministre de l'Intérieur. Il a dit qu’Israël avait frappé.", language="fr"))
    assert {"Hamas", "Nabatieh"} <= set(found) and "Israël" in found["Israel"][1]
    assert not [name for name in found if name.startswith("ministre")]


def test_a_news_agency_is_an_organisation_however_it_is_written():
    found = named(analyse("Officials told dpa on Sunday that the Kura People's Defence Force had withdrawn."))
    assert found["dpa"][0] == "ORG" and found["Kura People's Defence Force"][0] == "ORG"


def test_a_one_word_name_the_tagger_gave_another_kind_ends_the_persons_name():
    from spacy.tokens import Doc

    from sitrep.language.entities import _whole_name
    from sitrep.language.models import pipeline
    doc = Doc(pipeline("fr").vocab, words=["Ahmat", "Idriss", "Débo", ",", "âgé", "de", "40", "ans"],
              spaces=[True, True, False, True, True, True, True, False],
              ents=["B-PER", "I-PER", "B-LOC", "O", "O", "O", "O", "O"])
    assert _whole_name(doc.ents[0]).text == "Ahmat Idriss Débo"


def test_a_span_over_a_line_break_holds_the_names_of_two_lines():
    text = "Kati Relief\n\nMoussa Traoré said so."
    assert [text[s.start:s.end] for s in name_spans(text, 0, 26, "PERSON")] == ["Kati Relief", "Moussa Traoré"]


def test_a_french_ministry_is_named_with_its_lower_case_head():
    found = named(analyse("Mardi, le ministère nigérien de la Défense a publié un bilan. Le ministère des Affaires "
                          "étrangères a protesté.", language="fr"))
    assert "ministère nigérien de la Défense" in found and "ministère des Affaires étrangères" in found
    assert "Défense" not in found


def test_a_language_is_no_state():
    assert "France" not in named(analyse("The envoy spoke French fluently at the talks on Monday."))


def test_a_name_does_not_run_into_a_bracket():
    text = "Koro(Photo: AFP) was calm."
    assert [text[s.start:s.end] for s in name_spans(text, 0, 10, "GPE")] == ["Koro"]
