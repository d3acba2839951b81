"""Does a resident's report look like it names a person? A warning for the animator.

Residents report needs in their own words; now and then a report names a neighbour ("pan
Kowalski z trzeciego piętra…") or carries a phone number or an e-mail address. Such a report
must not be published as it is. :func:`person_warnings` looks for what usually gives a person
away and says which kind it found; the animator decides (it is a warning, never a refusal: a
heuristic misses names and mistakes streets for people).

The heuristics, each a reason in the answer:

``honorific``
    *pan*, *pani*, *państwo* (in any case: *pana*, *panu*, *panią*…) or an abbreviation (*p.*)
    followed by a capitalised word: "pani Zosia", "u pana Nowaka", "p. Malinowska".
``name``
    Two capitalised words in a row where the first is a common Polish first name (in any of its
    usual forms: *Jan*, *Jana*, *Janem*, *Janowi*; *Anna*, *Anny*, *Annę*…) or the second looks
    like a surname (*-ski*, *-cka*, *-wicz*, *-czyk*…) and the first is not at the start of a
    sentence. Not for regions' and towns' adjectives (*Wodzisław Śląski*), nor when the words
    follow a street or place word (*ul.*, *ulica*, *al.*, *plac*, *os.*, *im.*, *św.*,
    *szkoła*, *parafia*…) or the first word is one (*Park Śląski*, *Dom Kultury*), and not for
    the well-known patrons (*Jana Pawła II*).
``phone``
    A run of digits, spaces and dashes holding 9 digits (11 with the leading 48), optionally
    after a ``+``: "500 600 700", "+48 32 455-12-34". House numbers and years are shorter.
``email``
    Anything shaped like an e-mail address.
"""

from __future__ import annotations

import enum
import re


class PersonHint(enum.StrEnum):
    HONORIFIC = "honorific"
    NAME = "name"
    PHONE = "phone"
    EMAIL = "email"


UPPER = "A-ZĄĆĘŁŃÓŚŹŻ"
LOWER = "a-ząćęłńóśźż"
WORD = rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?"

_HONORIFIC = re.compile(
    rf"(?<![{UPPER}{LOWER}])(?:[Pp](?:an|ani|ana|anu|anem|anią|anie|aństwo|aństwa|aństwu)"
    rf"|[Pp]\.)\s+{WORD}"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DIGIT_RUN = re.compile(r"(?<![\w+])\+?\d[\d \-]{7,}\d(?!\w)")
_PAIR = re.compile(rf"(?=(?<![\w.])({WORD})\s+({WORD})(?![\w]))")

# Common Polish first names, in the nominative; their usual case forms are made below.
_MALE = (
    "Adam Adrian Andrzej Antoni Artur Bartosz Bogdan Bogusław Czesław Damian Daniel Dariusz "
    "Dawid Edward Filip Franciszek Grzegorz Henryk Hubert Ignacy Jacek Jakub Jan Janusz Jarosław "
    "Jerzy Józef Julian Kacper Kamil Karol Kazimierz Krystian Krzysztof Leszek Łukasz Maciej "
    "Marcin Marek Mariusz Mateusz Michał Mieczysław Mikołaj Mirosław Norbert Oskar Patryk Paweł "
    "Piotr Przemysław Rafał Robert Roman Ryszard Sebastian Sławomir Stanisław Stefan Szymon "
    "Tadeusz Tomasz Wiesław Wiktor Witold Władysław Włodzimierz Wojciech Zbigniew Zdzisław "
    "Zenon Zygmunt"
).split()
_FEMALE = (
    "Agata Agnieszka Aleksandra Alicja Alina Amelia Aneta Aniela Anna Barbara Beata Bożena "
    "Danuta Dominika Dorota Edyta Elżbieta Emilia Ewa Ewelina Grażyna Halina Hanna Helena "
    "Irena Iwona Jadwiga Janina Joanna Jolanta Julia Justyna Kamila Karolina Katarzyna Kinga "
    "Krystyna Lena Lucyna Magdalena Małgorzata Maja Maria Marianna Marta Marzena Monika "
    "Natalia Olga Oliwia Patrycja Paulina Renata Regina Sabina Stanisława Stefania Sylwia "
    "Teresa Urszula Wanda Weronika Wiesława Wiktoria Zofia Zuzanna Zosia Basia Kasia Gosia"
).split()
# A few short forms residents use ("pan Józek", "Heniek").
_SHORT = "Józek Heniek Zbyszek Staszek Rysiek Bolek Franek Władek Kazik Tomek Wojtek".split()


def _male_forms(name: str) -> set[str]:
    if name.endswith("ek"):  # Józek → Józka, Józkowi, Józkiem
        stem = name[:-2] + "k"
        return {name, stem + "a", stem + "owi", stem + "iem"}
    if name.endswith(("ł",)):  # Paweł → Pawła, Pawłowi, Pawłem; Michał → Michała
        stem = name[:-2] + "ł" if name.endswith("eł") else name
        return {name, stem + "a", stem + "owi", stem + "em"}
    forms = {name, name + "a", name + "owi", name + "em", name + "ie", name + "u"}
    if name.endswith("y"):  # Antoni, Jerzy, Ignacy → Jerzego, Jerzemu, Jerzym
        forms |= {name[:-1] + "ego", name[:-1] + "emu", name[:-1] + "ym", name + "ego"}
    if name.endswith("i"):
        forms |= {name + "ego", name + "emu", name[:-1] + "im"}
    if name.endswith(("k", "g")):
        forms.add(name + "iem")
    return forms


def _female_forms(name: str) -> set[str]:
    stem = name[:-1]
    forms = {name, stem + "ę", stem + "ą", stem + "o"}
    if stem.endswith(("i", "j")) or stem[-1] in "gk":
        forms.add(stem + "i")
    else:
        forms |= {stem + "y", stem + "ie"}
    if stem.endswith("i"):  # Maria → Marii, Zofia → Zofii; Zosia → Zosi
        forms |= {stem + "i", stem}
    return forms


FIRST_NAMES = frozenset(
    form for name in (*_MALE, *_SHORT) for form in _male_forms(name)
) | frozenset(form for name in _FEMALE for form in _female_forms(name))

_SURNAME_ENDINGS = (
    "ski", "ska", "skiego", "skiemu", "skim", "ską", "skiej",
    "cki", "cka", "ckiego", "ckiemu", "ckim", "cką", "ckiej",
    "dzki", "dzka", "wicz", "wicza", "czyk", "czyka", "czak", "czaka", "niak", "niaka",
    "uk", "uka",
)

# Adjectives of regions and towns that end like surnames ("Wodzisław Śląski").
_PLACE_ADJECTIVES = (
    "śląsk", "mazowieck", "wielkopolsk", "małopolsk", "pomorsk", "gdańsk", "opolsk",
    "podlask", "kujawsk", "lubelsk", "lubusk", "krakowsk", "warszawsk", "polsk", "mazursk",
    "świętokrzysk", "łódzk", "podkarpack", "zachodniopomorsk",
)

# Words after which (or as which) two capitalised words name a street, a place or a patron.
_PLACE_WORDS = frozenset("""
ul ulica ulicy ulicę ulicą al aleja alei aleję pl plac placu placem os osiedle osiedla osiedlu
im imienia św święty świętego świętej kościół kościoła kościele parafia parafii parafię
szkoła szkoły szkole szkołę sp park parku parkiem dom domu domem klub klubu klubie
rondo ronda rondzie most mostu moście skwer skweru skwerze przystanek przystanku ogród
ogrodu ogrodzie stadion stadionu stadionie rynek rynku rynkiem osp mops cris gmina gminy
""".split())
# Patrons and names of well-known places that look like people.
_KNOWN_PATRONS = (
    "Jana Pawła", "Jan Paweł", "Janem Pawłem", "Janowi Pawłowi",
    "Marii Skłodowskiej", "Marii Konopnickiej", "Adama Mickiewicza", "Juliusza Słowackiego",
    "Henryka Sienkiewicza", "Fryderyka Chopina", "Mikołaja Kopernika", "Tadeusza Kościuszki",
    "Józefa Piłsudskiego", "Stefana Wyszyńskiego", "Bolesława Chrobrego", "Kazimierza Wielkiego",
)

_SENTENCE_END = re.compile(r"[.!?…:;\n]\s*$")


def _previous_word(text: str, start: int) -> str:
    before = text[:start].rstrip()
    match = re.search(r"([\w]+)\.?$", before)
    return match.group(1).lower() if match else ""


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start]
    return not before.strip() or bool(_SENTENCE_END.search(before)) and not re.search(
        r"\b(?:ul|al|pl|os|im|św|p)\.\s*$", before, re.IGNORECASE)


def _looks_like_name(text: str, start: int, first: str, second: str) -> bool:
    if first.lower() in _PLACE_WORDS or _previous_word(text, start) in _PLACE_WORDS:
        return False
    if any(f"{first} {second}".startswith(patron) for patron in _KNOWN_PATRONS):
        return False
    if first in FIRST_NAMES and second not in FIRST_NAMES:
        return True
    if second.lower().startswith(_PLACE_ADJECTIVES):
        return False
    return second.lower().endswith(_SURNAME_ENDINGS) and not _starts_sentence(text, start)


def _has_phone(text: str) -> bool:
    for match in _DIGIT_RUN.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) == 9 or (len(digits) == 11 and digits.startswith("48")):
            return True
    return False


def person_warnings(text: str) -> list[PersonHint]:
    """The kinds of personal detail ``text`` seems to contain, in a fixed order; empty when it
    looks like it names no one."""
    found: list[PersonHint] = []
    if _HONORIFIC.search(text):
        found.append(PersonHint.HONORIFIC)
    for match in _PAIR.finditer(text):
        if _looks_like_name(text, match.start(1), match.group(1), match.group(2)):
            found.append(PersonHint.NAME)
            break
    if _has_phone(text):
        found.append(PersonHint.PHONE)
    if _EMAIL.search(text):
        found.append(PersonHint.EMAIL)
    return found
