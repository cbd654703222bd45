"""Generic news boilerplate removal on extracted text (one paragraph per line).

Rules are data: line patterns that are dropped wherever they occur, and section markers after
which the rest of the text is comments/recommendations. None is keyed to a site.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from .datelines import DATE_WORDS, parse_dateline
from .metadata import norm_text

__all__ = ["clean_text", "is_boilerplate", "DROP_LINE_RULES", "CUT_COMMENTS_RULES", "CUT_LISTS_RULES"]

# Lines longer than this are prose even when they start like boilerplate.
_SHORT = 160


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


_DATE_LEFTOVER = _rx(r"\b(?:\d+\S*|[ap]\.?m\.?|[ecmp][sd]?t|bst|ces?t|mesz?|aest|aedt|ist|jst|utc|gmt|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*|"
                     r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|at|on|published|posted|updated)\b|[,|:•·-]")
_BYLINE = _rx(r"^\s*(?:(?:submitted|posted|written|words|reported) by|by|von|par|por|door|di|av|af|da)\s*:?\s+")
# What follows the names on a byline line: "Jane Roe · 15 March 2024", "Jane Roe | Reporter".
_BYLINE_REST = _rx(r"\s*[|·•]\s*.*$|\s+-\s+.*$")

# (name, pattern, longest line it applies to): the length cap keeps prose that merely starts
# like boilerplate ("Share prices fell...", "Published in 1998, the book...").
DROP_LINE_RULES: tuple[tuple[str, re.Pattern[str], int], ...] = (
    # Inline teasers to other stories, in the languages newsmon meets most.
    ("see-also", _rx(r"^\(?(?:(?:see|read|watch) also|leggi anche|lesen sie auch|lire aussi|voir aussi"
                     r"|leia também|veja também|lea también|ver también|zie ook|lees ook|läs också|se også"
                     r"|mehr zum thema)\b"), _SHORT),
    # A bare section label left between paragraphs once its links were dropped.
    ("section-label", _rx(r"^(?:related(?: (?:topics|articles|stories|content|links|coverage))?"
                          r"|more on this (?:story|topic)|topics|tags)\s*:?$"), 40),
    ("also-on", _rx(r"^also on [\w-]+\.[a-z]{2,}\b"), _SHORT),
    ("also-read", _rx(r"^(?:also read|more on this|read next|recommended|related(?: (?:posts?|articles?|stor(?:y|ies)"
                      r"|reading|content|news))?|à lire aussi|lire aussi|noticia relacionada|articolo correlato)\s*[:\-–—|]"),
     _SHORT),
    # How long the story takes to read, in the languages newsmon meets most.
    ("reading-time", _rx(r"^(?:(?:estimated )?read(?:ing)? time|lesedauer|lesezeit|tempo de leitura|temps de lecture"
                         r"|tiempo de lectura|tempo di lettura|leestijd|lesetid|lästid|læsetid|czas czytania|okuma süresi)"
                         r"\s*:?\s*(?:ca\.\s*)?\d+|^\d+\s*(?:-\s*\d+\s*)?(?:min(?:ute)?s?|minuten|minutos|minuti)\.?\s*"
                         r"(?:read|lesen|lesezeit|leitura|de lecture|de lectura|di lettura)$"), 60),
    # The rest of the story is behind the paywall: the notice is not the story.
    ("paywall-notice", _rx(r"\b(?:réservée? aux abonnés|reserved for (?:our )?subscribers|(?:for|available to) subscribers only"
                           r"|nur für (?:abonnenten|abonnentinnen)|exclusivo para (?:suscriptores|assinantes)"
                           r"|riservato agli abbonati)\b|^il vous reste \d+\s*% de cet article"), 200),
    ("skip-ad", _rx(r"^(?:passer la publicité|saltar publicidad|salta (?:la )?pubblicità|werbung überspringen"
                    r"|advertisement\s*\d*\s*story continues below)\s*$"), 60),
    ("read-more", _rx(r"^(?:read|see|watch) more\s*:|^read more\b|^(?:read|continue reading) the full\b"), _SHORT),
    ("read-more-bare", _rx(r"^(?:more|read more|continue reading|don'?t miss)\s*[.…»>›:!]*$"), 40),
    ("share-bar", _rx(r"^(?:share|partager|teilen|compartir|condividi|compartilhe)(?:\s+(?:this|on|via|the|it|en|sur|auf|su|em|per))*"
                      r"\s*(?::|article|story|post|page|facebook|twitter|linkedin|whatsapp|e-?mail|with a friend)"), 100),
    ("share-ask", _rx(r"^(?:like|enjoy(?:ed)?) this (?:story|article|post)\b.*\bshare\b"), 100),
    ("social-row", _rx(r"^(?:[-•]\s*)?(?:(?:share|facebook|twitter|x|linkedin|whatsapp|e-?mail|pinterest|reddit"
                       r"|print(?: article)?|order reprints|copy link|messenger|telegram|flipboard|save)"
                       r"[\s,|·•/]*)+$"), 60),
    ("follow-us", _rx(r"^follow\b.{0,80}\bon (?:twitter|facebook|instagram|linkedin|youtube)\b"), 200),
    ("newsletter", _rx(r"^(?:sign up|subscribe|get|join)\b.*\b(?:newsletters?|inbox|mailing list)\b"), _SHORT),
    ("newsletter-box", _rx(r"\bnewsletter\b.*\b(?:sign up|subscribe)\b|\benter your e-?mail\b"), _SHORT),
    ("newsletter-state", _rx(r"^(?:thanks? (?:you )?for (?:signing up|subscribing)|keep an eye on your inbox"
                             r"|there was an error processing your subscription|an error (?:has )?occurred)\b"), 100),
    ("advertisement", _rx(r"^(?:advertisement|advertising|sponsored(?: content)?|anzeige|publicité|publicidad"
                          r"|pubblicità|reklama|skip advertisement|story continues below(?: advertisement)?)\s*[:.]?$"), 60),
    ("print-notice", _rx(r"^(?:a version of )?this (?:article|story) (?:appears|appeared|was published) "
                         r"(?:in print|originally)\b"), 400),
    ("letters-ask", _rx(r"^(?:submit|send|write) (?:a|us a|your) letter\b"), 200),
    # Banners speak to the reader; news about cookie law does not.
    ("cookies", _rx(r"\b(?:we|this (?:web)?site|our (?:web)?site)\b.*\bcookies?\b"
                    r"|\bcookies?\b.*\b(?:you (?:accept|agree|consent)|by continuing|our (?:cookie|privacy) policy)"), 400),
    ("photo-credit", _rx(r"^\(?(?:photos?|images?|pictures?|fotos?)(?: credit)?\s*(?::|by\b)[^()]*\)?$"), 120),
    ("credit", _rx(r"^(?:(?:image|photo|picture|video) )?credits?\s*:|^\(?(?:ap|afp|reuters|getty|epa)?\s*"
                   r"(?:photo|images?)\s*/[^()]{0,80}\)?$"), 120),
    ("copyright", _rx(r"^(?:copyright\b|©|\(c\)\s*(?:19|20)\d\d)|\ball rights reserved\b"), 200),
    ("reprint-notice", _rx(r"^this (?:copy|material|article) is for your personal,? non-commercial use\b"), 400),
    ("utility-row", _rx(r"^[<«\s]*(?:[\w' ]{0,20}\b(?:print|e-?mail|share|back to|save|comment)\b[\w' ]{0,20}"
                        r"(?:\s*[|·•]\s*|$)){2,}$"), 120),
    ("embed-chrome", _rx(r"^(?:view this (?:post|profile) on (?:instagram|facebook|tiktok)|a post shared by\b"
                         r"|watch on youtube|(?:load|show) (?:more|the) (?:tweets?|posts?))"), 160),
    ("contact-line", _rx(r"^(?:have|got) a (?:news )?tip\b|\b(?:may|can) be reached at \S+@\S+"
                         r"|^(?:write to|contact|e-?mail) [\w .'-]{1,60} at \S+@\S+"), 300),
    ("affiliate", _rx(r"^(?:if you (?:buy|purchase|click)\b.*\b(?:commission|share of the sale|earn)"
                      r"|we may (?:earn|receive|get) (?:a )?(?:small )?(?:commission|share)\b)"), 300),
    ("newsletter-title", _rx(r"^[\w'&. ]{1,40} newsletters?$"), 50),
    ("app-promo", _rx(r"^(?:click here to )?(?:get|download) (?:the|our) [\w .'-]{0,40}\bapp\b"), 100),
    ("timestamp", _rx(r"^[-•]?\s*(?:published|updated|posted|last updated)\b.{0,30}"
                      r"(?:\d{1,2}[:/.]\d{2}|\d{4}-\d{2}-\d{2}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)"),
     80),
    # "20 Nisan 2026 • Güncelleme: 20 Nisan 2026": a date and an "updated" label, in other languages.
    ("updated-stamp", _rx(r"\b(?:updated|güncelleme|aktualisiert|mis à jour|actualizado|aggiornato|atualizado|bijgewerkt"
                          r"|oppdatert|uppdaterad|opdateret|zaktualizowano|обновлено|оновлено)\s*:\s*\d"), 80),
    # A share row in Chinese, Japanese or Korean: share, comment, follow, favourite, like.
    ("cjk-social-row", _rx(r"^(?:分享(?:让更多人看到)?|评论|評論|关注|關注|收藏|点赞|シェア|ツイート|ブックマーク|공유|댓글|좋아요)$"), 20),
    # An unrendered CMS shortcode ("[button link=...]Submit[/button]").
    ("shortcode", _rx(r"^\[[a-z_]+\s+[a-z_]+\s*=[^\]]*\]|\[/[a-z_]+\]$"), 400),
    ("delivered-ask", _rx(r"\bdelivered (?:to|through|straight to) your (?:door|letterbox|letter box|inbox|mailbox)\b"),
     200),
)

# A comment section ends the article wherever it starts.
CUT_COMMENTS_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("reply-form", _rx(r"^(?:leave|post|add|write) a (?:reply|comment|response)\b|^kommentar (?:abgeben|schreiben)\b"
                       r"|^(?:schreiben sie|hinterlassen sie) einen kommentar\b|^laisser un commentaire\b"
                       r"|^(?:deja|dejar) (?:un|tu) comentario\b|^lascia un commento\b|^deixe (?:um|seu) comentário\b")),
    ("email-notice", _rx(r"^your email address will not be published\b")),
    ("comments", _rx(r"^(?:comments?\s*(?:\(\d+\))?|\d+\s+(?:comments?|responses?|replies|thoughts on\b.*)"
                     r"|join the (?:discussion|conversation))\s*:?$")),
    # An author bio closes the piece; the byline is already in ParsedArticle.author.
    ("about-author", _rx(r"^about the authors?\s*:?$")),
    ("comment-ask", _rx(r"^(?:tell us|let us know) what you think\b")),
)
# Recommendation boxes also sit mid-article: they end it only when what follows is a link list.
CUT_LISTS_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("related", _rx(r"^(?:related|more|other|recommended|similar)\s+"
                    r"(?:articles?|stories|posts|news|reads|reading|content)(?: from [\w .'-]+)?\s*[:.…]*$"
                    r"|^(?:ähnliche|weitere|verwandte) (?:artikel|beiträge|themen)\s*:?$|^articles (?:similaires|liés)\s*:?$"
                    r"|^(?:artículos|noticias) relacionad[oa]s\s*:?$|^articoli correlati\s*:?$|^artigos relacionados\s*:?$")),
    ("most-read", _rx(r"^(?:most (?:read|popular|viewed|shared)|trending(?: now)?|popular (?:now|stories|articles)"
                      r"|you (?:may|might) (?:also )?(?:like|enjoy)|recommended for you|more from [\w .'-]+)"
                      r"\s*[:.…]*$")),
    ("tags", _rx(r"^tags?\s*:?$")),
)
# What templates print after the story's last paragraph: who reported, wrote and edited it, the
# agency it came from, its tags, an ask for support or corrections. Only dropped from the end,
# where they cannot be the opening of a paragraph ("Reporting by the BBC found that...").
TRAILING_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("reporting-credit", _rx(r"^\(?(?:additional |further )?(?:reporting|writing|editing|compiled|research) by\b"
                             r"|\bcontributed to this (?:report|story|article)\.?\)?$")),
    ("source-credit", _rx(r"^\(?(?:source|sources|quelle|quellen|fuente|fonte|bron|kilde|källa)\s*:\s*[^.]{1,80}\)?\.?$"
                          r"|^\(?(?:mit|with|avec|con|com) (?:agenturmaterial|agencies|agences|agencias|agências"
                          r"|material de agencias)\)?\.?$")),
    ("filed-under", _rx(r"^(?:filed under|posted in|categor(?:y|ies)|kategorie|catégorie)\s*:")),
    ("error-report", _rx(r"^(?:fehler gefunden\?|(?:found|spotted|see) an? (?:error|mistake|typo)\b"
                         r"|vous avez repéré une erreur)")),
    # How to reach the reporter: a bare address or handle, or an invitation to write.
    ("contact", _rx(r"^(?:\S+@\S+\.\w+|(?:https?://)?(?:www\.)?(?:twitter|x|instagram|facebook|linkedin)\.com/\S+|@\w+)$"
                    r"|^(?:reach|contact|follow|write to|e-?mail) (?:the )?(?:reporters?|authors?|writers?|him|her|them)\b")),
    ("support-ask", _rx(r"^(?:did you (?:like|enjoy) this (?:article|story)\?|hat ihnen dieser artikel gefallen\?"
                        r"|vous avez aimé cet article\s?\?).*\b(?:support|unterstützen|soutenez|spende|donat\w*|don)\b")),
)
_TRAILING_LINES, _TRAILING_CHARS = 4, 400
# A line this long after a list marker is prose, so the marker did not end the article.
_PROSE_LINE = 250


def clean_text(text: str, headings: Iterable[str] = (), standfirsts: Iterable[str] = (),
               author: str | None = None) -> str:
    """Drop echoed headline/standfirst/byline lines and boilerplate; cut trailing comment sections.

    >>> clean_text("Big News\\nFirst paragraph.\\nLeave a Reply\\nNice post!", ["Big News"])
    'First paragraph.'
    """
    lines = [ln.strip() for ln in text.splitlines()]
    lines = _drop_leading_headings([ln for ln in lines if ln], headings, standfirsts)
    lines = _drop_leading_byline(lines, author)
    lines = _cut_trailing_sections(lines)
    return "\n".join(_drop_trailing_credits([ln for ln in lines if not is_boilerplate(ln)], author))


def _drop_leading_headings(lines: list[str], headings: Iterable[str], standfirsts: Iterable[str]) -> list[str]:
    # Extractors often keep the headline, then the standfirst under it, as the first lines.
    known = {norm_text(h) for h in headings if h} - {""}
    start = 0
    # A kicker ("Opinion", "Exclusive") may sit above the headline.
    if len(lines) > 2 and len(lines[0]) <= 30 and len(lines[0].split()) <= 3 and norm_text(lines[1]) in known:
        start = 1
    while start < min(len(lines) - 1, 3) and norm_text(lines[start]) in known:
        start += 1
    decks = {norm_text(s) for s in standfirsts if s} - {""}
    if start < len(lines) - 1 and norm_text(lines[start]) in decks:
        start += 1
    return lines[start:]


def _drop_leading_byline(lines: list[str], author: str | None) -> list[str]:
    # "By Jane Roe", and the dateline printed beside it, are metadata already in
    # ParsedArticle.author/published.
    names = {_names(author), _names(author.split(",")[0])} if author else set()
    head = [ln for ln in lines[:4]
            if not (len(ln) <= 120 and (_names(_BYLINE_REST.sub("", _BYLINE.sub("", ln))) in names
                                     or _is_dateline(ln)))]
    return head + lines[4:] if head else lines


def _drop_trailing_credits(lines: list[str], author: str | None) -> list[str]:
    # Credits, tags and asks after the last paragraph, the byline printed again as a signature,
    # and the rule ("___") that set them apart.
    names = {_names(author)} if author else set()
    end = len(lines)
    while end > 1 and len(lines) - end < _TRAILING_LINES:
        last = lines[end - 1]
        if len(last) > _TRAILING_CHARS or not (any(rx.search(last) for _, rx in TRAILING_RULES)
                                              or _names(last) in names or not norm_text(last)):
            break
        end -= 1
    return lines[:end]


def _names(text: str) -> str:
    return " ".join(w for w in norm_text(text).split() if w not in ("and", "und", "et", "y", "e"))


def _is_dateline(line: str) -> bool:
    # Little more than a date: at most two words besides what parse_dateline reads.
    if len(line) > 80 or parse_dateline(line) is None:
        return False
    return len([w for w in _DATE_LEFTOVER.sub("", line).split() if w.lower().strip(".") not in DATE_WORDS]) <= 2


def _cut_trailing_sections(lines: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        if i == 0 or len(line) > 80:
            continue
        if any(rx.search(line) for _, rx in CUT_COMMENTS_RULES):
            return lines[:i]
        if any(rx.search(line) for _, rx in CUT_LISTS_RULES) and _is_link_list(lines[i + 1:]):
            return lines[:i]
    return lines


def _is_link_list(lines: list[str]) -> bool:
    return all(len(line) < _PROSE_LINE for line in lines)


def is_boilerplate(line: str) -> bool:
    """Does a line match one of the DROP_LINE_RULES (a list item's marker aside)?"""
    line = line.lstrip("-•* ")
    return any(len(line) <= limit and rx.search(line) for _, rx, limit in DROP_LINE_RULES)
