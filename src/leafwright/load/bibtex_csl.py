"""BibTeX and biblatex fields into CSL-JSON variables, as AMA prints them.

Fields are mapped as biblatex defines them and as pandoc and Zotero map them to CSL;
several fields that CSL has no variable for are composed into one it has (subtitle
and titleaddon into the title, maintitle before the title, a series number after the
series), so that they print. Fields that are bookkeeping, not part of a printed
reference (abstract, keywords, file, sort and index keys, langid, ...), are dropped
quietly (`QUIET`). Any other field that no CSL variable holds is a warning naming it
here; whether a CSL variable prints is for the formatter to say, which sees the printed
reference (resolve/ama.py): so a reference is never silently shorter than its source, and
no field is reported twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]

_TYPES = {
    "article": "article-journal", "book": "book", "mvbook": "book", "bookinbook": "chapter",
    "inbook": "chapter", "incollection": "chapter", "suppbook": "chapter",
    "suppcollection": "chapter", "collection": "book", "mvcollection": "book",
    "reference": "book", "mvreference": "book", "inreference": "entry-encyclopedia",
    "proceedings": "book", "mvproceedings": "book", "inproceedings": "paper-conference",
    "conference": "paper-conference", "manual": "book", "booklet": "pamphlet",
    "online": "webpage", "www": "webpage", "electronic": "webpage", "patent": "patent",
    "periodical": "periodical", "suppperiodical": "article-journal", "report": "report",
    "techreport": "report", "thesis": "thesis", "phdthesis": "thesis",
    "mastersthesis": "thesis", "misc": "document", "unpublished": "manuscript",
    "dataset": "dataset", "software": "software", "artwork": "graphic", "image": "graphic",
    "audio": "song", "music": "song", "video": "motion_picture", "movie": "motion_picture",
    "letter": "personal_communication", "legislation": "legislation",
    "jurisdiction": "legal_case", "legal": "legal_case", "standard": "standard",
    "review": "review", "performance": "performance",
}
IN_BOOK = {"inbook", "incollection", "inproceedings", "conference", "inreference",
            "bookinbook", "suppbook", "suppcollection"}
BOOKISH = {"book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings",
            "reference", "mvreference", "manual", "booklet", "periodical"}
# The words AMA 11 uses for these (biblatex's localisation keys and BibTeX's types).
_GENRES = {
    "phdthesis": "Dissertation", "mathesis": "Master's thesis",
    "mastersthesis": "Master's thesis", "candthesis": "Candidate thesis",
    "techreport": "Technical report", "resreport": "Research report",
    "software": "Computer software", "datacd": "CD-ROM", "audiocd": "Audio CD",
    "patent": "Patent", "patentde": "German patent", "patenteu": "European patent",
    "patentfr": "French patent", "patentuk": "British patent", "patentus": "US patent",
    "patreq": "Patent request", "patreqde": "German patent request",
    "patreqeu": "European patent request", "patreqfr": "French patent request",
    "patrequk": "British patent request", "patrequs": "US patent request",
}
_COUNTRIES = {"countryde": "Germany", "countryeu": "European Union", "countryep":
              "European Union", "countryfr": "France", "countryuk": "United Kingdom",
              "countryus": "United States"}
_LANGIDS = {
    "english": "en", "american": "en-US", "usenglish": "en-US", "british": "en-GB",
    "ukenglish": "en-GB", "canadian": "en-CA", "australian": "en-AU", "newzealand": "en-NZ",
    "german": "de", "ngerman": "de", "austrian": "de-AT", "naustrian": "de-AT",
    "swissgerman": "de-CH", "nswissgerman": "de-CH", "french": "fr", "spanish": "es",
    "italian": "it", "latin": "la", "dutch": "nl", "portuguese": "pt", "portuges": "pt",
    "brazil": "pt-BR", "brazilian": "pt-BR", "swedish": "sv", "danish": "da",
    "norwegian": "nb", "norsk": "nb", "nynorsk": "nn", "finnish": "fi", "polish": "pl",
    "czech": "cs", "russian": "ru", "greek": "el", "turkish": "tr", "hungarian": "hu",
    "catalan": "ca", "croatian": "hr", "slovene": "sl", "hebrew": "he", "japanese": "ja",
    "chinese": "zh", "korean": "ko", "arabic": "ar",
}
_LEAFLETS = {"package insert", "prescribing information", "full prescribing information",
             "summary of product characteristics", "patient information leaflet",
             "package leaflet", "medication guide"}
_MEDIA = {"online", "web", "website", "internet", "electronic", "print"}
_SERIES = {"newseries": "New series", "oldseries": "Old series"}
_EPRINT_URLS = {"arxiv": "https://arxiv.org/abs/{}", "jstor": "https://www.jstor.org/stable/{}",
                "hdl": "https://hdl.handle.net/{}",
                "googlebooks": "https://books.google.com/books?id={}",
                "pubmed": "https://pubmed.ncbi.nlm.nih.gov/{}/"}
# Field -> CSL variable, when the field is mapped as it is.
_DIRECT = {
    "doi": "DOI", "url": "URL", "isbn": "ISBN", "issn": "ISSN", "pmid": "PMID",
    "pmcid": "PMCID", "edition": "edition", "chapter": "chapter-number",
    "version": "version", "pagetotal": "number-of-pages", "volumes": "number-of-volumes",
    "language": "language", "shorttitle": "title-short", "eventtitle": "event-title",
    "venue": "event-place", "shortjournal": "container-title-short",
    "journalabbrev": "container-title-short", "journal-abbrev": "container-title-short",
    "origpublisher": "original-publisher", "origlocation": "original-publisher-place",
    "origtitle": "original-title", "pubstate": "status",
}
# Bookkeeping and sorting fields: never part of a printed reference.
QUIET = {
    "abstract", "annotation", "annote", "comment", "comments", "file", "pdf", "owner", "timestamp",
    "date-added", "date-modified", "langid", "langidopts", "hyphenation", "sortname",
    "sorttitle", "sortkey", "sortyear", "sortshorthand", "presort", "indextitle",
    "indexsorttitle", "shorthand", "shorthandintro", "shortauthor", "shorteditor",
    "shortseries", "shorthandintro", "label", "options", "ids", "entryset", "execute",
    "keywords", "mendeley-groups", "mendeley-tags", "groups", "ranking", "readstatus",
    "priority", "qualityassured", "printed", "relevance", "related", "relatedtype",
    "relatedstring", "relatedoptions", "entrysubtype", "crossref", "xref", "xdata",
    "eprintclass", "primaryclass", "archiveprefix", "gender", "pagination",
    "bookpagination", "key", "bibsource", "biburl", "copyright", "rights", "lccn", "mrclass",
    "mrnumber", "mrreviewer", "zbl", "zblnumber", "fjournal", "citeulike-article-id",
    "citeulike-linkout-0", "citeulike-linkout-1", "posted-at", "priority", "read",
    "rating", "bdsk-url-1", "bdsk-url-2", "bdsk-file-1", "bdsk-file-2", "local-url",
    "nameaddon", "langid", "urlyear", "urlmonth", "day",  # day: read with year/month
    "eprinttype", "archiveprefix", "isrn", "isan", "ismn", "iswc", "library", "callnumber",
    "call-number", "accession-number", "database", "researchgate", "school-address",
}
_TITLE_FIELDS = {"title", "subtitle", "titleaddon", "booktitle", "booksubtitle",
                 "booktitleaddon", "maintitle", "mainsubtitle", "maintitleaddon",
                 "journaltitle", "journalsubtitle", "journal", "issuetitle",
                 "issuesubtitle", "series", "eventtitle", "origtitle"}
_VERBATIM = {"url", "doi", "eprint", "file", "pdf", "verba", "verbb", "verbc", "urlraw"}
_ACCESSED = re.compile(
    r"\[?\s*(?:online\s*[;,.]?\s*)?(?:last\s+)?(?:accessed|retrieved|cited|viewed)"
    r"(?:\s+on)?\s*:?\s*(?P<date>[^\].;]*\d{4}(?:-\d{1,2}-\d{1,2})?)\s*\]?\.?", re.I)


# What BibTeX has no field for, written in `note` or `addendum` (or as Zotero's Extra
# lines, which Better BibTeX exports into `note`): a page's or registry record's
# "Updated" date, and the original date of a reprint.
_UPDATED = re.compile(r"\b(?:last\s+)?(?:updated|revised)\s*(?:on\s*)?:?\s*"
                      r"(?P<date>[^\].;\n]*?\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)(?=[\s.;\]]|$)\.?", re.I)
_ORIGINAL = re.compile(r"\boriginal[- ]date\s*:\s*(?P<date>[^\].;\n]*?\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)"
                       r"(?=[\s.;\]]|$)\.?", re.I)


@dataclass
class BibField:
    """A field's value once macros and `#` are resolved (still LaTeX), and its place."""

    value: str  # evaluated LaTeX (macros and `#` resolved)
    line: int
    col: int
    name: str  # as written: an inherited field keeps its parent's name in messages


@dataclass
class BibEntry:
    """An entry as written: its own fields only."""

    kind: str
    key: str
    line: int
    col: int
    fields: dict[str, BibField] = field(default_factory=dict)


def to_csl(entry: BibEntry, fields: dict[str, BibField], decoder: Any,
           problems: Any) -> tuple[dict, dict[str, BibField]]:
    """The CSL-JSON of `entry`, whose `fields` include what it inherits, and the field
    each CSL variable came from; `problems` takes `.error(line, col, message)` and
    `.warning(...)`."""
    mapper = _Mapper(entry, fields, decoder, problems)
    csl = mapper.csl()
    return csl, {var: fields[name] for var, name in mapper.origin.items()
                 if var in csl and name in fields}


class _Mapper:
    """One entry's fields -> CSL-JSON; records which fields it used."""

    def __init__(self, entry: BibEntry, fields: dict[str, BibField], decoder: Any,
                 problems: Any) -> None:
        self.entry, self.fields, self.decoder, self.problems = entry, fields, decoder, problems
        self.used: set[str] = set()
        self.origin: dict[str, str] = {}  # CSL variable -> the field it came from
        self.lost: dict[str, str] = {}  # field -> the CSL variable another field filled

    def text(self, name: str) -> str:
        f = self.fields.get(name)
        if f is None:
            return ""
        self.used.add(name)
        if name in _VERBATIM:
            return _verbatim(f.value)
        text, unknown = self.decoder.decode(f.value, protect_case=name in _TITLE_FIELDS)
        for macro in dict.fromkeys(unknown):
            self.problems.warning(f.line, f.col, f"field '{f.name}': unknown LaTeX command "
                                  f"\\{macro} (its argument is printed, the command dropped)")
        return text

    def put(self, csl: dict, var: str, value: Any, source: str) -> None:
        if value in (None, "", []):
            return
        if var not in csl:
            csl[var] = value
            self.origin[var] = source
        elif csl[var] != value and self.origin.get(var) != source:
            self.lost[source] = var  # `journal` beside `journaltitle`: say so

    def joined(self, *names: str, sep: str = ": ") -> str:
        parts = [self.text(n) for n in names]
        head = parts[0]
        if len(parts) > 1 and parts[1]:
            head = f"{head}{sep}{parts[1]}" if head else parts[1]
        if len(parts) > 2 and parts[2]:
            head = f"{head}. {parts[2]}" if head else parts[2]
        return head

    def csl(self) -> dict:
        e, kind = self.entry, self.entry.kind
        csl: dict[str, Any] = {"id": e.key}
        ctype = _TYPES.get(kind)
        if ctype is None:
            self.problems.warning(e.line, e.col, f"unknown entry type @{kind}: read as a "
                                  "document (CSL 'document')")
            ctype = "document"
        subtype = self.text("entrysubtype").lower()
        if kind == "article" and subtype in ("magazine", "newspaper"):
            ctype = f"article-{subtype}"
        csl["type"] = ctype
        self.names(csl)
        self.titles(csl, kind)
        self.numbers(csl, kind)
        if kind in ("manual", "booklet", "misc") and csl.get("genre", "").lower() in _LEAFLETS:
            csl["type"] = "pamphlet"  # AMA 11's package-insert form keys on a pamphlet
        self.publisher(csl, kind)
        self.dates(csl)
        self.links(csl)
        # langid is the language of the title: CSL title-cases English titles only, so
        # "Les rites de passage" stays as written.
        if langid := self.text("langid").lower():
            self.put(csl, "language", _LANGIDS.get(langid, langid), "langid")
        for name, var in _DIRECT.items():
            if name in self.fields:  # read even when taken, so `unprinted` can say by what
                self.put(csl, var, self.text(name), name)
        if "language" in csl:  # biblatex's keys: "langlatin and langgerman"
            csl["language"] = re.sub(r"\blang(\w)", lambda m: m[1].upper(),
                                     csl["language"]).replace(" and ", ", ")
        if "page" in csl:  # "--" was decoded to an en dash; the formatter wants "-"
            csl["page"] = re.sub(r"\s*[\u2013\u2014-]+\s*", "-", csl["page"])
        self.unprinted(csl)
        return csl

    def names(self, csl: dict) -> None:
        for name, var in (("author", "author"), ("editor", "editor"),
                          ("translator", "translator"), ("bookauthor", "container-author")):
            if name in self.fields:
                self.put(csl, var, self.people(name), name)
        for extra in ("editora", "editorb", "editorc"):
            role = self.text(f"{extra}type").lower()
            if extra in self.fields and role in ("compiler", "director", "collaborator"):
                self.put(csl, {"collaborator": "contributor"}.get(role, role),
                         self.people(extra), extra)

    def people(self, name: str) -> list[dict]:
        from bibtexparser.middlewares.names import (InvalidNameError,
                                                    parse_single_name_into_parts,
                                                    split_multiple_persons_names)

        f = self.fields[name]
        self.used.add(name)
        out = []
        for person in split_multiple_persons_names(f.value):
            if person.strip().lower() == "others":
                out.append({"literal": "et al."})
                continue
            try:
                parts = parse_single_name_into_parts(person)
            except InvalidNameError as err:
                self.problems.error(f.line, f.col, f"field '{f.name}': cannot read the name "
                                    f"'{short(person)}' ({err})")
                continue
            out.append(self.person(parts, name, f))
        return out

    def person(self, parts: Any, name: str, f: BibField) -> dict[str, str]:
        """NameParts -> CSL name; a lone braced last name is an organisation (literal)."""
        def join(words: list[str]) -> str:
            text, unknown = self.decoder.decode(" ".join(words))
            for macro in unknown:
                self.problems.warning(f.line, f.col, f"field '{f.name}': unknown LaTeX "
                                      f"command \\{macro}")
            return " ".join(re.sub(r"</?(i|b|sup|sub)>", "", text).replace("\u00a0", " ").split())

        if not parts.first and not parts.von and not parts.jr and len(parts.last) == 1 \
                and parts.last[0].startswith("{") and parts.last[0].endswith("}"):
            return {"literal": join([parts.last[0][1:-1]])}
        person = {"family": join(parts.last), "given": join(parts.first),
                  "non-dropping-particle": join(parts.von), "suffix": join(parts.jr)}
        return {k: v for k, v in person.items() if v}

    def titles(self, csl: dict, kind: str) -> None:
        title = self.joined("title", "subtitle", "titleaddon")
        main = self.joined("maintitle", "mainsubtitle", "maintitleaddon")
        book = self.joined("booktitle", "booksubtitle", "booktitleaddon")
        journal = self.joined("journaltitle", "journalsubtitle") or self.joined("journal")
        issue = self.joined("issuetitle", "issuesubtitle")
        if kind in IN_BOOK:
            container = f"{main}. {book}" if main and book else (book or main)
            self.put(csl, "container-title", container, "booktitle")
        elif kind == "periodical":
            # A whole issue: its own title is the issue's, the periodical contains it.
            self.put(csl, "container-title", title if issue else "", "title")
            title = issue or title
        elif main:
            title = f"{main}. {title}" if title else main
        elif book and kind in BOOKISH and book == title:
            pass  # biblatex-style parents repeat their title as booktitle for BibTeX
        elif book and kind not in BOOKISH:
            self.put(csl, "container-title", book, "booktitle")
        self.put(csl, "title", title, "title")
        self.put(csl, "container-title", journal, "journaltitle")
        if issue and kind != "periodical":
            self.put(csl, "volume-title", issue, "issuetitle")
        series = self.text("series")
        series = _SERIES.get(series, f"Series {series}" if series.isdigit() else series)
        if series:
            number = self.fields.get("number")
            if number and kind not in ("article", "periodical", "report", "techreport",
                                       "patent", "online", "misc"):
                series = f"{series} {self.text('number')}"
            self.put(csl, "collection-title", series, "series")

    def numbers(self, csl: dict, kind: str) -> None:
        volume = self.text("volume")
        if part := self.text("part"):
            volume = f"{volume}.{part}" if volume else part
        self.put(csl, "volume", volume, "volume")
        number, issue = self.text("number"), self.text("issue")
        if kind in ("article", "periodical", "suppperiodical"):
            self.put(csl, "issue", ", ".join(filter(None, [number, issue])), "number")
        else:
            if not self.fields.get("series"):
                self.put(csl, "number", number, "number")
            self.put(csl, "issue", issue, "issue")
        pages = self.text("pages") or self.text("eid")
        self.put(csl, "page", pages, "pages")
        genre = self.text("type")
        genre = _GENRES.get(genre.lower().replace(" ", ""), genre)
        if kind == "patent" and not genre:
            countries = [_COUNTRIES.get(c.strip().lower(), c.strip())
                         for c in re.split(r"\s+and\s+", self.text("location")) if c.strip()]
            self.used.add("location")
            genre = "Patent"
            if countries and "number" in csl:  # "Patent EU-29702195U (France, Germany)"
                csl["number"] = f"{csl['number']} ({', '.join(countries)})"
            elif countries:
                genre = f"Patent ({', '.join(countries)})"
        genre = genre or _GENRES.get(kind, "")
        self.put(csl, "genre", genre, "type")

    def publisher(self, csl: dict, kind: str) -> None:
        names, source = [], "publisher"
        for name in ("organization", "institution", "school", "publisher"):
            if name in self.fields:
                names.append(self.text(name))
                source = name if len(names) == 1 else source
        if "holder" in self.fields:
            names.insert(0, "; ".join(p.get("literal") or " ".join(
                filter(None, [p.get("given"), p.get("non-dropping-particle"), p.get("family")]))
                for p in self.people("holder")))
        how = self.text("howpublished")
        url = _first_url(how)
        if url:
            self.put(csl, "URL", url, "howpublished")
            how = how.replace(url, "").strip(" .,;:()[]<>")
        if how.lower().strip("[]. ") in _MEDIA:
            self.put(csl, "medium", how.strip("[]. "), "howpublished")
        elif how:
            names.append(how)
        # A web page's owner is its site, which AMA prints as the container ("Kidney
        # cancer. NCCN. ..."); a database entry's `organization` is the database and its
        # `publisher` the publisher (AMA 11: "Atorvastatin. Drugs. AccessPharmacy.
        # McGraw-Hill Medical.").
        if csl["type"] == "webpage" and "publisher" in self.fields and len(names) > 1:
            self.put(csl, "publisher", names.pop(names.index(self.text("publisher"))), "publisher")
        var = "container-title" if csl["type"] == "webpage" else "publisher"
        self.put(csl, var, "; ".join(n for n in names if n), source)
        if kind != "patent":
            place = self.text("location") or self.text("address")
            self.put(csl, "publisher-place", place, "location")

    def dates(self, csl: dict) -> None:
        for name, var in (("date", "issued"), ("urldate", "accessed"),
                          ("eventdate", "event-date"), ("origdate", "original-date")):
            f = self.fields.get(name)
            if f is not None and (value := self.text(name)):
                date = _date(value)
                if date is None:
                    self.problems.error(f.line, f.col, f"field '{f.name}': '{short(value)}' "
                                        "is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
                self.put(csl, var, date, name)
        if "issued" not in csl and "year" in self.fields:
            self.put(csl, "issued", self.year(), "year")
        elif "year" in self.fields:
            self.used.add("year")
        if "original-date" not in csl and "origyear" in self.fields:
            self.put(csl, "original-date", _date(self.text("origyear")), "origyear")
        for name in ("note", "addendum"):
            note = self.text(name)
            for pattern, var in ((_ACCESSED, "accessed"), (_UPDATED, "updated"),
                                 (_ORIGINAL, "original-date")):
                m = pattern.search(note)
                if m and var not in csl and (date := _loose_date(m.group("date"))):
                    self.put(csl, var, date, name)
                    note = (note[:m.start()] + note[m.end():]).strip(" .,;")
            if note:
                csl["note"] = f"{csl['note']}. {note}" if "note" in csl else note
                self.origin.setdefault("note", name)

    def year(self) -> Optional[dict]:
        f = self.fields["year"]
        year = self.text("year")
        m = re.fullmatch(r"(\d{1,4})(?:\s*[-–/]+\s*(\d{1,4}))?", year)
        if not m:
            if year.lower() in ("in press", "forthcoming", "n.d.", "submitted"):
                return {"literal": year}
            self.problems.error(f.line, f.col, f"field 'year': '{short(year)}' is not a year")
            return None
        parts = [int(m.group(1))]
        month = self.text("month")
        if month:
            number = _month(month)
            if number is None:
                mf = self.fields["month"]
                self.problems.error(mf.line, mf.col, f"field 'month': '{short(month)}' is "
                                    "not a month")
            else:
                parts.append(number)
                if day := self.text("day"):
                    if day.isdigit() and 1 <= int(day) <= 31:
                        parts.append(int(day))
        if m.group(2):
            return {"date-parts": [parts, [int(m.group(2))]]}
        return {"date-parts": [parts]}

    def links(self, csl: dict) -> None:
        if doi := self.text("doi"):
            doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi, flags=re.I)
            self.put(csl, "DOI", doi, "doi")
        self.put(csl, "URL", _first_url(self.text("url")) or self.text("url"), "url")
        eprint = self.text("eprint")
        if eprint:
            kind = self.text("eprinttype").lower() or self.text("archiveprefix").lower()
            if kind == "pubmed":
                self.put(csl, "PMID", eprint, "eprint")
            elif kind == "pmcid":
                self.put(csl, "PMCID", eprint, "eprint")
            elif kind == "doi":
                self.put(csl, "DOI", eprint, "eprint")
            elif kind in _EPRINT_URLS:
                self.put(csl, "URL", _EPRINT_URLS[kind].format(eprint), "eprint")
                if kind == "arxiv" and csl["type"] in ("webpage", "document"):
                    # AMA 11's preprint: "Title. arXiv. Preprint posted online DATE. URL"
                    csl["type"] = "article"
                    self.put(csl, "publisher", "arXiv", "eprinttype")
            else:
                f = self.fields["eprint"]
                self.problems.warning(f.line, f.col, f"field 'eprint': eprint type "
                                      f"'{kind or '(none)'}' has no link: not printed")

    def unprinted(self, csl: dict) -> None:
        """Warn about each of the entry's own fields that no CSL variable holds. (Whether
        a variable prints, the formatter says; inherited fields are reported at the parent.)"""
        sources = set(self.origin.values())
        for name, f in self.entry.fields.items():
            if name in QUIET:
                continue
            if name not in self.used:
                self.problems.warning(f.line, f.col, f"field '{name}' is not printed: "
                                      "no CSL variable holds it")
            elif name in self.lost and name not in sources:
                var = self.lost[name]
                self.problems.warning(f.line, f.col, f"field '{name}' is not printed: CSL "
                                      f"'{var}' already holds '{self.origin.get(var)}'")


def short(text: str) -> str:
    """Content quoted in a message: one line, at most 40 characters."""
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "..."


def _verbatim(value: str) -> str:
    value = re.sub(r"\\(?:url|path|nolinkurl)\s*\{(.*)\}", r"\1", value.strip(), flags=re.S)
    value = re.sub(r"\\([_%#&~$])", r"\1", value)
    return "".join(value.replace("{", "").replace("}", "").split())


_URL = re.compile(r"https?://[^\s{}<>\"]+|www\.[^\s{}<>\"]+")


def _first_url(text: str) -> str:
    m = _URL.search(text)
    return m.group(0).rstrip(".,;)]") if m else ""


def _month(text: str) -> Optional[int]:
    text = text.strip().rstrip(".").lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    for i, name in enumerate(MONTHS, 1):
        if len(text) >= 3 and name.startswith(text):
            return i
    return None


_EDTF = re.compile(r"^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T[\d:.Z+-]*)?[~?%]*$")


def _date(text: str) -> Optional[dict]:
    """biblatex dates: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, ranges `A/B`, open `A/` or `A/..`."""
    ends = text.strip().split("/")
    if len(ends) > 2:
        return None
    parts = []
    for end in ends:
        if end.strip() in ("", ".."):
            continue
        m = _EDTF.match(end.strip())
        if not m:
            return None
        nums = [int(p) for p in m.groups() if p is not None]
        if len(nums) > 1 and not 1 <= nums[1] <= 12 or len(nums) > 2 and not 1 <= nums[2] <= 31:
            return None
        parts.append(nums)
    return {"date-parts": parts} if parts else None


def _loose_date(text: str) -> Optional[dict]:
    """An accessed date as people write it in a note: ISO, "May 5, 2020", "5 May 2020",
    "5-May-2020" (Wikipedia's export)."""
    text = text.strip().rstrip(".")
    if iso := _date(text):
        return iso
    words = re.findall(r"[A-Za-z]+|\d+", text)
    month = next((n for w in words if (n := _month(w)) and not w.isdigit()), None)
    nums = [int(w) for w in words if w.isdigit()]
    years = [n for n in nums if n > 31]
    days = [n for n in nums if n <= 31]
    if month and years:
        return {"date-parts": [[years[0], month] + days[:1]]}
    return None
