"""Bad input for events: articles and sentences about something other than conflict give none."""

from tests.language_helpers import analyse


def kinds(text, **kwargs):
    return [(e.type, e.sub_type) for e in analyse(text, **kwargs).events]


def test_a_sports_report_gives_no_events():
    text = ("Riverside beat Hillcrest 3-1 in the league on Saturday.\n\n"
            "The striker shot from thirty metres past the goalkeeper to open the score before half-time, and "
            "the home team went on the attack after the break.\n\n"
            "Hillcrest's coach said his players fought hard, but the referee's penalty decision killed the match. "
            "The club stays second in the league with four games of the season left.")
    assert kinds(text) == []


def test_a_french_match_report_gives_no_events():
    text = ("Le club a renversé son adversaire au stade samedi grâce à un coup franc en fin de match.\n\n"
            "L'entraîneur a salué ses joueurs après ce match de championnat ; l'équipe remonte au classement "
            "de la ligue avant la finale de la coupe.")
    assert kinds(text, language="fr") == []


def test_a_film_review_gives_no_events():
    text = ("The new film follows a band of smugglers who storm a casino in the desert.\n\n"
            "The director keeps the actors close, and the festival audience cheered the premiere. "
            "Its best scene, a car bomb that never goes off, shows what the movie could have been. "
            "The actress who plays the widow deserves an award.")
    assert kinds(text) == []


def test_weather_that_kills_is_no_political_violence():
    text = ("Storm kills 3 as heavy rain floods the coast.\n\n"
            "The storm brought winds of 120 km/h and more rain overnight, the weather service said in its forecast. "
            "Three people were killed when a tree fell on their car, and temperatures will drop with more "
            "showers and thunderstorms expected on Sunday.")
    assert kinds(text) == []


def test_an_obituary_gives_no_events():
    text = ("Obituary: Jane Morrow, teacher, 1931-2025.\n\n"
            "Jane Morrow passed away peacefully at home on Monday. She taught history for forty years and led "
            "a march for the town's library in 1968. She is survived by her two sons and five grandchildren; "
            "a memorial service will be held on Friday.")
    assert kinds(text) == []


def test_a_central_bank_meeting_is_no_diplomatic_meeting():
    text = ("The central bank raised its interest rate by half a point after a meeting of its monetary "
            "committee on Tuesday, citing inflation of 6 percent.\n\n"
            "Economists expect the bank to suspend its purchases of foreign currency as the exchange rate "
            "weakens and consumer prices climb.")
    assert kinds(text) == []


def test_an_article_about_conflict_keeps_its_events_beside_other_subjects_words():
    text = ("Gunmen attacked the market in Boni on Friday, killing 12 traders, the governor said.\n\n"
            "Prices of grain have risen in the town since the army closed the road to the market.")
    assert kinds(text) == [("violence_against_civilians", "attack")]


def test_hypothetical_and_future_text_gives_no_events():
    text = ("If the rebels attack the town, the army will respond with air strikes.\n\n"
            "Analysts warn there will be riots in the capital next month, and the junta could expel the envoy.")
    assert kinds(text) == []


def test_an_opinion_piece_speaks_of_violence_in_general():
    text = ("Wars are never won by air strikes alone.\n\n"
            "Would another ceasefire hold? Governments that deploy troops to fight insurgencies rarely ask "
            "what happens after the fighting.")
    assert kinds(text) == []


def test_a_history_piece_dates_its_events_in_their_own_time():
    text = "In 1961, rebels attacked the colonial garrison at Gao, and the army withdrew from the town in 1962."
    assert [(e.type, e.date_start) for e in analyse(text).events] == [
        ("battles", "1961-01-01"), ("strategic_developments", "1962-01-01")]


def test_one_sentence_with_three_events_gives_three():
    text = ("On Monday the rebels seized the town of Gao, the army launched air strikes on their positions "
            "and the government declared a curfew in the region.")
    assert kinds(text) == [("battles", "non_state_actor_overtakes_territory"),
                           ("explosions_remote_violence", "air_drone_strike"),
                           ("strategic_developments", "sanctions")]
