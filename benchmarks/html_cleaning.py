"""sitrep's stored text against bare trafilatura's, on news pages whose article text is known.

    python benchmarks/html_cleaning.py [--pages 300] [--show N]

The pages are generated here (no page of any real site is used): an article (headline,
standfirst, paragraphs of one sentence or several, quotes, subheadings, a bullet list, a
caption, a dateline credit) inside the furniture news sites carry, outside the article (menus,
tickers, teasers, author boxes, comment forms, footers) and inside it (share bars, newsletter
boxes, 'Related:' links, ad markers, photo credits), in English and French and in several
markups. For each page the two texts are scored as the article-extraction benchmarks score
them: token precision, recall and F1 against the article's own text (headline included), as
bags of words, micro-averaged over pages. Both run in the same process on the same pages:
  trafilatura   trafilatura.extract(html) with its defaults
  sitrep        what sitrep stores: ingest.extract (trafilatura) then ingest.clean
sitrep's recall must not fall below trafilatura's: the line cleaning after trafilatura must
not remove article text that trafilatura kept.

Measured for issue 13 (300 pages): trafilatura P 0.931 R 0.972 F1 0.951; sitrep before P 0.998
R 0.972 F1 0.985, after P 1.000 R 0.971 F1 0.985 (what sitrep misses beyond trafilatura: a few
subheadings left with no paragraph under them once trafilatura dropped a caption).
"""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter
from dataclasses import dataclass

import trafilatura

from sitrep.datafiles import boilerplate_rules
from sitrep.ingest.clean import clean
from sitrep.ingest.extract import extract
from sitrep.records import Hints, RawInput

PLACES = ["Mopti", "Gao", "Ségou", "Kidal", "Dori", "Djibo", "Niono", "Ansongo", "Ménaka", "Tillabéri"]
PEOPLE = ["Awa Traoré", "Moussa Keita", "Fatou Sow", "Ibrahim Cissé", "Aminata Diallo", "Oumar Touré"]
EN = {
    "lead": ["Armed men killed at least {n} people in an attack on a village near {p} on {d}, local officials said.",
             "Hundreds of residents fled {p} after fighting broke out between the army and an armed group on {d}.",
             "The regional council in {p} has asked the government for food aid after the harvest failed for a second year."],
    "body": ["The attackers arrived on motorbikes at dawn and set fire to granaries before leaving towards the border.",
             "Residents said the road to {p} had been closed for a week and that prices in the market had doubled.",
             "A nurse at the health centre in {p} said {n} wounded people had been brought in during the night.",
             "The army said in a statement that it had sent reinforcements to the area and that patrols would continue.",
             "Aid workers say that more than {n} families have arrived in the town since the start of the month.",
             "The governor of the region visited the village on {d} and promised that the school would reopen.",
             "No group has claimed responsibility for the attack, which is the third in the area this year."],
    "quote": ['"We buried {n} people this morning," said {who}, a farmer from the village. "Nobody slept."',
              '"The situation is very difficult for the families who have lost everything," {who} told reporters.'],
    "short": ["Nobody has been arrested.", "The curfew remains in force.", "Schools are closed."],
    "heading": ["A long week in {p}", "What happens next", "Fear on the roads"],
    "bullet": ["{n} people killed", "{n} houses burned", "Roads closed for a week"],
    "caption": ["Residents gather near the market in {p} on {d}."],
    "days": ["Monday", "Tuesday", "Sunday", "Friday"],
    "headline": ["Gunmen kill {n} in attack near {p}", "Families flee fighting around {p}", "Council in {p} asks for food aid"],
    "standfirst": ["Local officials say the toll could rise as search for missing people continues."],
}
FR = {
    "lead": ["Des hommes armés ont tué au moins {n} personnes lors d'une attaque contre un village près de {p} {d}, selon des sources locales.",
             "Des centaines d'habitants ont fui {p} après des combats entre l'armée et un groupe armé {d}."],
    "body": ["Les assaillants sont arrivés à moto à l'aube et ont incendié des greniers avant de repartir vers la frontière.",
             "Selon des habitants, la route de {p} est fermée depuis une semaine et les prix ont doublé au marché.",
             "L'armée a indiqué dans un communiqué qu'elle avait envoyé des renforts dans la zone.",
             "Les humanitaires estiment que plus de {n} familles sont arrivées dans la ville depuis le début du mois.",
             "Aucun groupe n'a revendiqué l'attaque, la troisième dans la région cette année."],
    "quote": ["« Nous avons enterré {n} personnes ce matin », a déclaré {who}, un cultivateur du village."],
    "short": ["Personne n'a été arrêté.", "Le couvre-feu reste en vigueur."],
    "heading": ["Une semaine difficile à {p}", "La peur sur les routes"],
    "bullet": ["{n} personnes tuées", "{n} maisons incendiées"],
    "caption": ["Des habitants près du marché de {p}, {d}."],
    "days": ["lundi", "mardi", "dimanche"],
    "headline": ["Au moins {n} morts dans une attaque près de {p}", "Des familles fuient les combats autour de {p}"],
    "standfirst": ["Le bilan pourrait s'alourdir, selon les autorités locales."],
}
FURNITURE_OUT = ["<nav><ul><li>Home</li><li>World</li><li>Africa</li><li>Sport</li><li>Subscribe</li></ul></nav>",
                 "<div class='ticker'><a>Breaking</a><a>Flood waters rise in the capital</a><a>Markets close higher</a></div>",
                 "<aside><h3>Most read</h3><ul><li>Ministers meet over fuel prices</li><li>Rains return to the north</li>"
                 "<li>Cup final ends in a draw</li></ul></aside>",
                 "<div class='author'>About {who} · 812 Articles</div>",
                 "<div id='comments'><h3>Leave a Reply</h3><p>Your email address will not be published.</p>"
                 "<form><label>Name *</label><label>Email *</label></form></div>",
                 "<footer><p>© 2025 The Lake Courier. All rights reserved.</p><p>Terms of use · Privacy</p></footer>"]
FURNITURE_IN = ["<div class='share'>Share this article: Facebook Twitter WhatsApp Email</div>",
                "<div class='newsletter'><p>Sign up for our free morning newsletter</p></div>",
                "<p><strong>Related:</strong> <a href='/x'>Ministers meet over fuel prices</a></p>",
                "<p>Advertisement</p>", "<p>[ad_1]</p>", "<p class='credit'>Photo: {who} / Agency</p>"]


@dataclass(frozen=True)
class Page:
    html: str
    article: str  # the article's own text: what a perfect extractor returns


def page(rng: random.Random) -> Page:
    words = rng.choice([EN, EN, FR])
    fill = lambda t: t.format(n=rng.randint(3, 90), p=rng.choice(PLACES), d=rng.choice(words["days"]),  # noqa: E731
                              who=rng.choice(PEOPLE))
    headline, parts, text = fill(rng.choice(words["headline"])), [], []
    if rng.random() < 0.5:
        standfirst = fill(words["standfirst"][0])
        parts.append(f"<p class='standfirst'>{standfirst}</p>")
        text.append(standfirst)
    for n, block in enumerate(_blocks(rng, words, fill)):
        parts.append(block[0])
        text.extend(block[1])
        if rng.random() < 0.3:
            parts.append(fill(rng.choice(FURNITURE_IN)))
    outside = [fill(f) for f in rng.sample(FURNITURE_OUT, rng.randint(2, len(FURNITURE_OUT)))]
    html = (f"<html><head><title>{headline} | The Lake Courier</title></head><body>{outside[0]}"
            f"<main><article><h1>{headline}</h1><p class='byline'>By {fill('{who}')} · 4:15 pm</p>"
            f"{''.join(parts)}</article></main>{''.join(outside[1:])}</body></html>")
    return Page(html, "\n".join([headline] + text))


def _blocks(rng: random.Random, words: dict, fill) -> list[tuple[str, list[str]]]:
    """The article's blocks, no sentence twice (a page that repeats one is another test)."""
    lead = fill(rng.choice(words["lead"]))
    blocks, used = [(f"<p>{lead}</p>", [lead])], {lead}
    for _ in range(rng.randint(3, 9)):
        kind = rng.choices(["body", "multi", "quote", "short", "heading", "bullets", "caption"],
                           [5, 3, 2, 1, 1, 1, 1])[0]
        if kind == "multi":
            lines = [" ".join(fill(s) for s in rng.sample(words["body"], 2))]
            html = f"<p>{lines[0]}</p>"
        elif kind == "bullets":
            lines = [fill(b) for b in words["bullet"]]
            html = "<ul>" + "".join(f"<li>{i}</li>" for i in lines) + "</ul>"
        else:
            lines = [fill(rng.choice(words["caption" if kind == "caption" else kind]))]
            tag = {"heading": "h2", "caption": "figcaption"}.get(kind, "p")
            html = f"<{tag}>{lines[0]}</{tag}>"
            html = f"<figure><img src='a.jpg'>{html}</figure>" if kind == "caption" else html
        if not used & set(lines):
            blocks.append((html, lines))
            used.update(lines)
    return blocks


def tokens(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.casefold()))


def scores(pages: list[Page], extractor) -> tuple[float, float, float]:
    shared = found = wanted = 0
    for p in pages:
        got, gold = tokens(extractor(p.html)), tokens(p.article)
        shared += sum((got & gold).values())
        found += sum(got.values())
        wanted += sum(gold.values())
    precision, recall = shared / max(found, 1), shared / max(wanted, 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def bare_trafilatura(html: str) -> str:
    return trafilatura.extract(html) or ""


def sitrep_text(html: str) -> str:
    extracted = extract(RawInput("page.html", html.encode("utf-8"), "html", Hints(url="https://lakecourier.example/a")))
    return clean(extracted.text, rules=boilerplate_rules(), url=extracted.hints.url).text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=300, help="generated pages")
    parser.add_argument("--show", type=int, default=0, help="print the article text sitrep misses on N pages")
    args = parser.parse_args()
    rng = random.Random(13)
    pages = [page(rng) for _ in range(args.pages)]
    print(f"{len(pages)} generated news pages (token P / R / F1 against the article's own text):")
    for name, extractor in (("trafilatura", bare_trafilatura), ("sitrep", sitrep_text)):
        print(f"  {name:12s} P {{:.3f}}  R {{:.3f}}  F1 {{:.3f}}".format(*scores(pages, extractor)))
    for p in pages[:args.show]:
        missing = tokens(p.article) - tokens(sitrep_text(p.html))
        extra = tokens(sitrep_text(p.html)) - tokens(p.article)
        print("missing:", dict(missing), "| extra:", dict(extra))


if __name__ == "__main__":
    main()
