"""What sitrep's cleaner adds after trafilatura on ordinary news pages.

    python benchmarks/html_cleaning.py [--pages 200]

Pages are generated from templates with the furniture news sites carry (navigation, share
bars, newsletter boxes, captions, related links, footers) around paragraphs whose text is
known, plus the HTML pages of the demo corpus. For trafilatura alone and for trafilatura
followed by the cleaner, it prints the share of article paragraphs kept intact (must not
drop) and the share of furniture lines left in the text (lower is better).
"""

from __future__ import annotations

import argparse
import random
import sys
from importlib import resources
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).parent))

from common import articles  # noqa: E402

from sitrep.datafiles import boilerplate_rules  # noqa: E402
from sitrep.ingest.clean import clean  # noqa: E402

FURNITURE = [
    "Share this article: Facebook Twitter WhatsApp Email", "Subscribe to our newsletter",
    "Sign up for our free morning newsletter", "5 min read", "Advertisement", "Related: {teaser}",
    "Already a subscriber? Log in", "Photo: Staff photographer/Agency", "Read more: {teaser}",
    "© 2025 The Daily Example. All rights reserved.",
]


def page(rng: random.Random, paragraphs: list[str], teasers: list[str]) -> tuple[str, list[str]]:
    furniture = [f.format(teaser=rng.choice(teasers)) for f in rng.sample(FURNITURE, 5)]
    body = []
    for n, paragraph in enumerate(paragraphs):
        body.append(f"<p>{paragraph}</p>")
        if n == 1:
            body.append(f"<p>{furniture[0]}</p><p><strong>{furniture[1]}</strong></p>")
        if n == 3:
            body.append(f"<figure><img src='x.jpg'><figcaption>{furniture[2]}</figcaption></figure>")
    html = (f"<html><head><title>{teasers[0]}</title></head><body><nav>Home | World | Africa | Subscribe</nav>"
            f"<article><h1>{teasers[0]}</h1><p class='meta'>{furniture[3]}</p>{''.join(body)}"
            f"<p>{furniture[4]}</p></article>"
            f"<aside><h3>More stories</h3><ul>{''.join(f'<li>{t}</li>' for t in teasers[1:])}</ul></aside>"
            f"<footer>{FURNITURE[-1]}</footer></body></html>")
    return html, furniture


def generated(count: int) -> list[tuple[str, list[str], list[str]]]:
    rng = random.Random(3)
    texts = articles(count * 2, seed=11)
    out = []
    for n in range(count):
        paragraphs = texts[n].split("\n\n")[2:-1]
        teasers = [line for line in texts[count + n].split("\n\n")[0:1]] + [f"Teaser story number {n}-{k}" for k in range(3)]
        html, furniture = page(rng, paragraphs, teasers)
        out.append((html, paragraphs, furniture))
    return out


def demo_pages() -> list[tuple[str, list[str], list[str]]]:
    from lxml import html as lxml_html
    folder = resources.files("sitrep.data").joinpath("demo").joinpath("articles")
    out = []
    for entry in folder.iterdir():
        if entry.name.endswith(".html"):
            source = entry.read_text(encoding="utf-8")
            tree = lxml_html.fromstring(source.encode())
            paragraphs = [" ".join(p.text_content().split()) for p in tree.xpath("//article/p[not(@class)]")]
            furniture = [" ".join(n.text_content().split())
                         for n in tree.xpath("//nav|//footer|//article/p[@class]")]
            out.append((source, paragraphs, furniture))
    return out


def measure(pages) -> dict[str, tuple[float, float]]:
    rules = boilerplate_rules()
    kept = {"trafilatura": [0, 0], "trafilatura + cleaner": [0, 0]}
    left = {"trafilatura": [0, 0], "trafilatura + cleaner": [0, 0]}
    for html, paragraphs, furniture in pages:
        raw = (trafilatura.extract(html, include_comments=False, include_tables=False) or "").replace("\n", "\n\n")
        for name, text in (("trafilatura", raw), ("trafilatura + cleaner", clean(raw, rules=rules).text)):
            lines = {" ".join(line.split()) for line in text.split("\n")}
            kept[name][0] += sum(p in lines for p in paragraphs)
            kept[name][1] += len(paragraphs)
            left[name][0] += sum(f in lines for f in furniture)
            left[name][1] += len(furniture)
    return {name: (kept[name][0] / kept[name][1], left[name][0] / max(1, left[name][1])) for name in kept}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=200, help="generated pages")
    args = parser.parse_args()
    for label, pages in (("generated news pages", generated(args.pages)), ("demo corpus HTML pages", demo_pages())):
        print(f"{label} ({len(pages)}):")
        for name, (kept, left) in measure(pages).items():
            print(f"  {name:22s} article paragraphs kept {kept:6.1%}   furniture lines left {left:6.1%}")


if __name__ == "__main__":
    main()
