"""What the words around a name say it is: a place ("the village of X", "X district", "X was
captured"), an agent standing for its government ("Tehran vowed", "Iran-backed"), or part of a
thing's name ("West Nile virus"); and the word classes toponym recognition reads.

Pure functions of the text and offsets (end-exclusive), used by geoevents.recognize and
geoevents.nameforms:
    _place_cue, _strong_cue, _kind_list_cue, _noun_after_cue, _taken, _direction_before,
    _dedication, _names_a_thing, _agent(text, start, end, doc), _slot_word, _slot_before, _links
"""

from __future__ import annotations

import re

from geoevents.model import Mention


# -- word classes ----------------------------------------------------------------------------------
# Closed classes of English function words and verbs: general language, not names of anything.

_APOSTROPHES = "'’‘ʼ`´"
_DIRECTIONS = frozenset(
    "north south east west northern southern eastern western central northeast northwest southeast "
    "southwest northeastern northwestern southeastern southwestern north-east north-west south-east "
    "south-west north-eastern north-western south-eastern south-western upper lower greater inner "
    "outer mid coastal rural downtown far deep".split())
#: verbs whose subject is an agent that speaks, decides or wants: a place as their subject stands
#: for its government or people ("Tehran vowed", "Washington said")
_AGENT_VERBS = frozenset(
    "say says said saying vow vows vowed warn warns warned threaten threatens threatened announce "
    "announces announced accuse accuses accused deny denies denied condemn condemns condemned demand "
    "demands demanded claim claims claimed insist insists insisted declare declares declared pledge "
    "pledges pledged promise promises promised reject rejects rejected urge urges urged respond "
    "responds responded retaliate retaliates retaliated blame blames blamed want wants wanted refuse "
    "refuses refused agree agrees agreed decide decides decided hope hopes hoped believe believes "
    "believed insist insisted intend intends intended plan plans planned seek seeks sought sent "
    "expel expels expelled sanction sanctions sanctioned recall recalls recalled welcome welcomes "
    "welcomed criticise criticises criticised criticize criticizes criticized protest protests "
    "protested voted votes vote signed signs sign ordered orders order told tells tell asked asks "
    "ask called calls stated states confirmed confirms confirm acknowledged acknowledges admitted "
    "admits argued argues maintained maintains offered offers negotiated negotiates recognized "
    "recognised recognizes recognises imposed imposes backed backs supported supports opposed "
    "opposes dismissed dismisses".split())
#: verbs whose subject a place is as the setting of what happened: "Kabul saw heavy fighting",
#: "the city hosted the summit", "Mosul suffered heavy losses"
_SETTING_LEMMAS = frozenset(
    "see witness experience host hold record register suffer endure face receive have get take "
    "stage mark report lose".split())

_AGENT_LEMMAS = frozenset(
    "say vow warn threaten announce accuse deny condemn demand claim insist declare pledge promise "
    "reject urge respond retaliate blame want refuse agree decide hope believe intend plan seek "
    "expel sanction recall welcome criticise criticize protest vote sign order tell ask call state "
    "confirm acknowledge admit argue maintain offer negotiate recognize recognise impose back "
    "support oppose dismiss".split())
#: words that may stand between a subject and its verb without changing who acts
_BETWEEN = frozenset(
    "has have had is was were will would could can may might should must also then quickly later "
    "again already swiftly officially publicly reportedly repeatedly not n't never has've".split())
#: nouns for the people and bodies that act for a place: "Russia's ambassador", "Iran's government"
_AGENT_NOUNS = frozenset(
    "government governments president presidents ambassador ambassadors minister ministers ministry "
    "military army forces navy leader leaders leadership officials regime embassy consulate "
    "parliament cabinet administration envoy envoys delegation diplomats diplomat spokesman "
    "spokeswoman spokesperson premier prime foreign defence defense authorities intelligence "
    "allies ally king queen emir supreme state-run".split())
#: hyphenated suffixes after a place name: "-based" and "-born" keep it a location, "-backed",
#: "-led" make it an agent
_LITERAL_SUFFIXES = frozenset({"based", "born", "bound", "area", "region", "wide"})
_AGENT_SUFFIXES = frozenset({"backed", "led", "sponsored", "funded", "allied", "aligned", "supported",
                             "made", "brokered", "owned", "run", "controlled", "sanctioned"})
#: prepositions that introduce a location
_LOCATIVE = frozenset("in at near from to into outside inside across around throughout toward towards "
                      "via between within beyond along off over through".split())
#: words that may link the parts of one multi-word name ("Isle of Man", "Bosnia and Herzegovina")
_NAME_LINKS = frozenset({"of", "and", "de", "del", "la", "le", "du", "upon", "on", "the", "da", "do",
                         "dos", "das", "des", "al", "el", "-"})
#: head nouns of public bodies: a place that modifies one names the body's place and stands for it
#: ("Quds Force", "Dublin City Council", "Toronto Police Service", "California Department of
#: Health"): an associative toponym
_ORG_HEADS = frozenset(
    "force forces council department ministry police army navy command brigade brigades regiment "
    "corps guard guards militia government office bureau service services agency administration "
    "authority authorities commission committee board court courts tribunal assembly parliament "
    "senate legislature embassy consulate sheriff coroner fire prosecutor prosecutors attorney "
    "centers centres state district districts municipality province county city-council customs "
    "border coast-guard mission delegation party front movement federation league union".split())
#: head nouns of media, schools, hospitals, firms and clubs: named after a place, they are no
#: toponym ("the Los Angeles Times", "Michigan State University", "Boston Children's Hospital")
_PRIVATE_HEADS = frozenset(
    "times daily journal herald post news tribune gazette press chronicle observer star sun "
    "telegraph guardian mail express radio tv television broadcasting broadcaster channel network "
    "university universities college colleges school schools academy institute institutes hospital "
    "hospitals clinic clinics zoo museum library stadium arena airlines airways airport railway "
    "railways bank banks company corporation corp inc ltd llc group club fc united cathedral church "
    "mosque diocese foundation fund trust society exchange farms farm market markets hotel mall "
    "theatre theater orchestra symphony ballet opera marathon open cup games review magazine "
    "studios records pictures motors energy oil gas power water".split())

#: the last word of a name that may instead belong to the organisation's head
_GENERIC_TAILS = frozenset({"state", "city", "county", "province", "region", "district"})
#: English function words (a closed class; spaCy has a list too, but importing spaCy for it would
#: cost the fast matcher a second and a half): pronouns, determiners, conjunctions, prepositions,
#: auxiliaries and common adverbs that start sentences capitalised ("She", "And", "Can", "Of")
_STOP_WORDS = frozenset(
    "a about above after again against all almost also although always am among an and another any "
    "anyone anything are around as at be because been before being below beside besides between "
    "both but by can cannot could did do does doing done down during each either else enough even "
    "ever every everyone everything few for from further had has have having he her here hers "
    "herself him himself his how however i if in indeed into is it its itself just last least less "
    "many may me meanwhile might mine more moreover most much must my myself neither never "
    "nevertheless next no nobody none nor not nothing now of off often on once one only onto or "
    "other others otherwise our ours ourselves out over own per perhaps please quite rather really "
    "same she should since so some someone something sometimes soon still such than that the their "
    "theirs them themselves then there thereby therefore these they this those though through thus "
    "to together too toward towards under unless until up upon us very via was we well were what "
    "whatever when whenever where whereas whether which while who whoever whole whom whose why will "
    "with within without would yet you your yours yourself yourselves yes ok okay mr mrs ms dr "
    "sir madam".split())
#: calendar words that look like place names when capitalised ("Day", "Easter", "March")
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december day christmas easter eve new year "
    # the short forms of posts and timetables ("my paper on Mon and tues")
    "mon tue tues wed thu thur thurs fri sat jan feb apr jun jul aug sep sept oct nov dec".split())

_GENERIC_OF = re.compile(r"(?:the\s+)?(?:city|town|village|county|province|state|municipality|district|"
                         r"region|borough|parish|governorate|prefecture|island|isle)\s+of\s+", re.IGNORECASE)
#: head nouns after which a place name names a thing, not a location: "West Nile virus",
#: "Marburg fever", "Agent Orange" is out of reach, but these are a closed class of disease words
_THING_HEADS = frozenset("virus viruses fever disease flu influenza strain strains ebolavirus syndrome "
                         "encephalitis bacteria bacterium pox sauce cheese ware hemorrhagic "
                         "haemorrhagic".split())
#: generic geographic and common nouns that name no place by themselves when capitalised outside
#: an entity ("Region 8", "the Delta area", "Act")
_GENERIC_NOUNS = frozenset("region village delta valley river lake county city province state district "
                           "act coast island islands bay mountain mountains park street road square "
                           "center centre north south east west capital republic kingdom union "
                           "prince king queen media national federal royal".split())
#: lower-case generic words that follow a name without belonging to it ("Nyanza province")
_TRAILING_GENERIC = frozenset("province county state district region city town village governorate "
                              "prefecture area municipality".split())

_JOINER = re.compile(r"^\s*(?:of|of the|de|del|and)?\s*$")

#: a name in a list: capitalised words, or an Arabic article and a capitalised word ("al-Mayadeen")
_LIST_WORD = r"(?:[A-Z][a-z]{0,2}\.|[A-Z][\w'’‘-]*)"  # "St.", "Ft.": a short abbreviation keeps its stop
_LIST_NAME = r"(?:(?:al|el|ad|ar|as|ash|az)[-‐‑]?)?" + _LIST_WORD + r"(?:[ \t]+(?:" + _LIST_WORD + r"|al|el|de|of)){0,4}"
_LIST_SEP = r"(?:[ \t]*,[ \t]*(?:and[ \t]+|or[ \t]+)?|[ \t]+(?:and|or)[ \t]+)"

_SPLIT_LIST = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
#: the words of a hashtag written in camel case: "NepalEarthquake" -> "Nepal", "Earthquake"
_CAMEL = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|[a-z]+|[0-9]+")
#: words that may stand between a place slot and the name: "in downtown X", "in rural X"
_MODIFIERS = frozenset("central downtown rural urban greater inner outer coastal suburban".split())
#: one or two capitalised words right after a name ("Hong" + " Kong"), single spaces between
_NAME_TAIL = re.compile(r"(?: [A-Z][a-z]+){1,2}")
_TAIL_WORD = re.compile(r" [A-Z][a-z]+")
#: codes after a name as an address writes them: ", ON, CA", ", WA, AUS", ", US-TX"
_ADDRESS_TAIL = re.compile(r"(?:[ \t]*,[ \t]*[A-Z]{2,3}(?:-[A-Z0-9]{1,3})?(?![\w.-]))+")
#: runs of lower-case letters, and hashtags of capitalised words joined ("#NepalEarthquake")
_LOWER_RUN = re.compile(r"[a-z]+")
_HASHTAG = re.compile(r"#([A-Z][A-Za-z0-9]+)")
#: URLs, e-mail addresses and @handles: no toponyms are read inside them
_LINK = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|@\w+")
_WORD = re.compile(r"[^\W_]+(?:[.'’&-][^\W_]+)*\.?|\S", re.UNICODE)



#: the locative prepositions that make a person's name a place: "in Jordan", not "to Logan"
_LOCATIVE_STRICT = frozenset("in near outside inside across throughout within".split())
#: verbs whose object is a place when it is one: "captured Kiev", "shelled Donetsk", "entered Kabul"
#: (NER often takes a lone city name after a verb for a person's)
_PLACE_VERBS = frozenset(
    "captured recaptured seized occupied besieged bombed shelled bombarded stormed invaded liberated "
    "entered evacuated overran encircled surrounded blockaded annexed retook captures seizes occupies "
    "shells bombs enters capture recapture seize occupy besiege bomb shell bombard storm invade liberate "
    "enter evacuate overrun encircle surround blockade annex retake capturing seizing shelling bombing "
    "storming entering patrolled patrol patrols patrolling".split())
#: verbs done to a place and never to a person: one enters, storms or patrols a town (a man is
#: captured or attacked too, never entered or stormed)
_ENTERED = frozenset("entered enters entering enter stormed storms storming storm patrolled patrols patrolling "
                     "patrol overran overrun overrunning shelled shelling bombarded bombarding".split())
#: the locatives of :data:`_LOCATIVE_STRICT` a person's name seldom follows ("in", "near", not "across")
_INSIDE = frozenset("in inside near outside".split())
#: verbs whose object is a place when the name is one and NER does not call it a person: "attacked
#: Hama", "visited Jordan" (but "attacked Jordan" of a man NER tags PERSON stays a person)
_TARGET_VERBS = frozenset(
    "attacked attack attacks attacking targeted target targets targeting struck strike strikes striking "
    "hit hits hitting raided raid raids raiding visited visit visits visiting reached reach reaches "
    "reaching toured tour tours pounded pound pounds pounding rocked rock rocks".split())


#: a determiner, a place's name and a lower-case noun of a building or site: "the Omagh home", "a
#: Lahore court", "the Shinjuku station" (NER often takes the name for an organisation or a people)
_SITE_AFTER = re.compile(r"\s+(?:home|house|residence|apartment|flat|court|courthouse|station|hospital|clinic|school|"
                         r"mosque|church|temple|synagogue|shrine|market|bazaar|hotel|prison|jail|embassy|consulate|"
                         r"airport|stadium|factory|plant|mall|suburb|neighbou?rhood|district|headquarters|"
                         r"police\s+station|railway|bus\s+station|port|harbou?r|office|offices)\b")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|its|his|her|their)\s+$", re.IGNORECASE)


def _site_of(text: str, s: int, e: int) -> bool:
    """Does the name [s, e) say where a building or site stands ("the Omagh home", "a Lahore court")?"""
    return _SITE_AFTER.match(text, e, min(len(text), e + 30)) is not None \
        and _DETERMINER_BEFORE.search(text, max(0, s - 8), s) is not None


_LIST_START = re.compile(r"(?:" + _LIST_NAME + _LIST_SEP + r")+$")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\s+(?:the\s+)?$")


def _slot_word(text: str, s: int) -> str:
    """The word before the name at ``s`` ("the" skipped), in lower case; for a later name of a
    list, the word before the list ("between Deir Hafer and [Al-Bab]": "between")."""
    window = text[max(0, s - 120):s]
    m = _LIST_START.search(window)
    if m is not None:
        window = window[:m.start()]
    before = _WORD_BEFORE.search(window[-30:])
    return before.group(1).lower() if before else ""


def _slot_before(text: str, s: int) -> str:
    """The slot word before the name at ``s`` (see :func:`_slot_word`), past a direction or
    modifier: "in western Palmyra", "in downtown Mobile" -> "in"."""
    prev = _slot_word(text, s)
    if prev in _DIRECTIONS or prev in _MODIFIERS:
        before = re.search(r"([\w-]+)\s+$", text[max(0, s - 40):s])
        if before:
            prev = _slot_word(text, max(0, s - 40) + before.start(1))
    return prev


#: a battle named after its place: "the Second Battle of Arras", "The Siege of Leningrad"
_BATTLE_NAME = re.compile(r"(?:the\s+)?(?:(?:first|second|third|fourth|fifth|\d+(?:st|nd|rd|th))\s+)?"
                          r"(?:battle|siege|sack|bombardment|relief|liberation|evacuation|defen[cs]e|massacre)"
                          r"\s+of\s+(?:the\s+)?(?P<place>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})",
                          re.IGNORECASE)


_KIND_OF_PLACE = (r"(?:city|town|village|hamlet|township|municipality|commune|county|district|"
                  r"parish|borough|suburb|locality|settlement|community|neighbou?rhood|census[- ]designated "
                  r"place|unincorporated community|ghost town|townsite|port|capital|province|region|state|"
                  r"island|river|lake|mountain|valley|area|place|seat|resort|barangay|ward)")
_CUE_AFTER = re.compile(r"\s*(?:,[^,.]{0,40},\s*)?(?:is|was|are|were|remains|became)\s+(?:now\s+|still\s+|once\s+)?"
                        r"(?:a|an|the)\s+(?:[a-z-]+\s+){0,3}" + _KIND_OF_PLACE + r"\b")
_CUE_BEFORE = re.compile(r"\b(?:the\s+)?" + _KIND_OF_PLACE + r"\s+of\s*$", re.IGNORECASE)


#: more kinds of place, and nouns of a part of a place, before "of": "the governorate of X", "the
#: outskirts of X", "the western countryside of X", "the southern sector of X", "north of X" (a
#: direction word may stand before the name), and the nouns of a battle named after its place
_CUE_PART_OF = re.compile(r"\b(?:governorate|oblast|prefecture|emirate|enclave|outskirts|countryside|sector|vicinity|"
                          # a battle is named after its place: "the Battle of Verdun", "the Siege of Leningrad"
                          r"battle|siege|sack|bombardment|relief|liberation|evacuation|defen[cs]e|"
                          r"environs|suburbs|streets|heart|centre|center|north|south|east|west|northeast|northwest|"
                          r"southeast|southwest|north-east|north-west|south-east|south-west)\s+of\s+(?:the\s+)?"
                          r"(?:[a-z-]+\s+)?$", re.IGNORECASE)
#: a kind of place in apposition before the name: "Yemen's capital Sanaa", "Syria's largest city, Aleppo"
_CUE_APPOSITION = re.compile(r"\b(?:capital|city|town|village|province|port)\s*,?\s+$")


#: what a side holds is ground, no person: "Serb-held Vogosca", "the rebel-controlled Douma"
_HELD_BEFORE = re.compile(r"\w-(?:held|controlled|occupied|besieged|dominated)\s+$")


def _place_cue(text: str, s: int, e: int, more: bool = True) -> bool:
    """Does the sentence say that [s, e) is a place? "X is a town in ...", "the village of X";
    with ``more`` (not in the fast matcher, whose figures these were not measured for) also "the
    outskirts of X", "the western countryside of X", "Yemen's capital X"."""
    if _CUE_AFTER.match(text, e):
        return True
    before = text[max(0, s - 40):s]
    if more and (_CUE_APPOSITION.search(before) or _HELD_BEFORE.search(before)):
        return True
    # the unanchored searches are the costly half: only where an "of" is near
    if " of " not in before[-25:] and not before.rstrip().lower().endswith("of"):
        return False
    if before.rstrip()[-2:].lower() == "of" and _CUE_BEFORE.search(text, max(0, s - 40), s):
        return True
    return more and _CUE_PART_OF.search(before) is not None


#: kinds of place in the plural, whose "of" opens a list of places ("the villages of A and B")
_KINDS_PLURAL = (r"(?:cities|towns|villages|hamlets|settlements|districts|neighbou?rhoods|suburbs|provinces|"
                 r"regions|areas|municipalities|governorates|camps|islands|localities|communities|counties|"
                 r"states|countries|capitals|ports|outskirts|suburbs)")
#: "the settlements of Soran and ", "the villages of A, B, ": what may stand before a name of the list
_LIST_NOTE = r"(?:[ \t]*\([^()\n]{0,30}\))?"  # "Hawsh Nasri (twice), Arbin (three times) and Douma"
_CUE_LIST_BEFORE = re.compile(r"\b" + _KINDS_PLURAL + r"\s+(?:of|like|such\s+as|including)\s+(?:(?:the\s+)?"
                              + _LIST_NAME + _LIST_NOTE + _LIST_SEP + r")*(?:the\s+)?$")
#: what may follow the last name of a list of places ("Kobane, Manbij and al-Mayadeen areas")
_CUE_LIST_AFTER = re.compile(r"(?:" + _LIST_SEP + _LIST_NAME + r")*\s+(?:areas|villages|towns|districts|provinces|"
                             r"neighbou?rhoods|regions|governorates|cities|suburbs|municipalities)\b")
#: lower-case nouns of a kind of place after a name: "Aleppo city", "the Hama countryside", "Katarko
#: village" ("town hall", "city council" are bodies, and say nothing of the word before)
_CUE_NOUN_AFTER = re.compile(r"\s+(?:province|governorate|countryside|district|sub-?district|village|"
                             r"town(?!\s+(?:hall|halls|meeting|council))|neighbou?rhood|suburbs?|refugee\s+camp|"
                             r"area|region|municipality|oblast|prefecture|island|"
                             r"city(?!\s+(?:hall|council|officials)))\b")
#: capitalised last words that make a name the name of a place, whatever NER calls it: "Deir Ezzor
#: Governorate", "Yarmouk Camp", "Kuweires Military Airport", "the Al-Rasoul Checkpoint"
_PLACE_HEADS = frozenset(
    "governorate province district subdistrict neighbourhood neighborhood quarter camp airport airbase "
    "airfield base checkpoint crossing square bridge dam valley mountain mountains hill hills plain plains "
    "plateau farms oasis village island islands peninsula desert gasfield gasfields field fields "
    "countryside suburb suburbs".split())


def _kind_list_cue(text: str, s: int, e: int) -> bool:
    """Is [s, e) a name of a list the sentence says are places: "the villages of A, B and C",
    "the settlements of Soran and Maharda", "Kobane, Manbij and al-Mayadeen areas"?"""
    if _CUE_LIST_AFTER.match(text, e, min(len(text), e + 200)):
        return True
    window = text[max(0, s - 160):s]
    return any(w in window for w in (" of ", " like ", " as ", " including ")) \
        and _CUE_LIST_BEFORE.search(window) is not None


def _noun_after_cue(text: str, e: int) -> bool:
    """Does a lower-case noun of a kind of place follow the name ("Aleppo city", "Hama countryside")?"""
    return _CUE_NOUN_AFTER.match(text, e, min(len(text), e + 40)) is not None


_TAKEN = re.compile(r"\s+(?:was|were|had been|has been|have been)\s+(?:captured|recaptured|seized|occupied|"
                    r"besieged|stormed|invaded|liberated|overrun|encircled|annexed|retaken|evacuated|shelled|"
                    r"bombarded)\b")


def _taken(text: str, e: int) -> bool:
    """Is the name before ``e`` said to have been taken or shelled ("Jaffna was captured")?"""
    return _TAKEN.match(text, e, min(len(text), e + 40)) is not None


def _direction_before(text: str, s: int) -> bool:
    """Does a lower-case direction word stand before the name ("northern Hama", "eastern Aleppo")?"""
    m = re.search(r"([a-z-]+)\s+$", text[max(0, s - 20):s])
    return m is not None and m.group(1) in _DIRECTIONS


#: what may follow a place's name and say it is one: "X, a village in ...", "X, 70 kilometres (40
#: miles) north of Baghdad", "X's main square", "X's eastern perimeter"
_CUE_AFTER_NAME = re.compile(
    r"(?:\s*,\s*(?:a|an|the)\s+(?:[a-z-]+\s+){0,3}" + _KIND_OF_PLACE + r"\s+(?:in|of|near|north|south|east|"
    r"west|outside)\b|\s*,\s*(?:about\s+|some\s+|around\s+)?\d[\d,.]*\s*(?:km|kms|kilometres|kilometers|"
    r"miles)\b|['’]s?\s+(?:[\w-]+\s+){0,2}(?:square|stadium|airport|port|streets?|outskirts|suburbs?|perimeter|"
    r"centre|center|downtown|district|neighbou?rhood|province|countryside|old\s+city|prison|market)\b)")


def _strong_cue(text: str, s: int, e: int) -> bool:
    """Does the sentence say, whatever the gazetteer knows, that [s, e) names a place: "the
    village of X", "X is a town", "X, a village in", "X, 70 km north of", "X's main square",
    "the villages of A and X", "villages like A and X", "X district", "X, Y and Z areas"?"""
    return _place_cue(text, s, e) or _noun_after_cue(text, e) or _kind_list_cue(text, s, e) \
        or _CUE_AFTER_NAME.match(text, e, min(len(text), e + 80)) is not None


_DEDICATION = re.compile(r"\b(?:[Cc]hurch|[Cc]athedral|[Cc]hapel|[Bb]asilica|[Mm]onastery|[Aa]bbey|[Cc]onvent|"
                         r"[Mm]osque|[Tt]emple|[Ss]hrine)\s+of\s+(?:the\s+)?(?:" + _LIST_NAME + _LIST_SEP + r")*$")


def _dedication(text: str, m: Mention) -> bool:
    """Is the name the saint or person a house of worship is dedicated to ("the church of St. Peter
    and St. Paul", "the Mosque of Omar"), not a place?"""
    before = text[max(0, m.start - 120):m.start]
    return " of" in before[-40:] and _DEDICATION.search(before) is not None


def _names_a_thing(text: str, m: Mention) -> bool:
    """Is the place name part of a thing's name ("West Nile virus", "Marburg fever"), or a
    person's whose kin follow ("welcome to Mokhtar's family", "Nadia's mum")?"""
    nxt = re.match(r"\s*([A-Za-z]+)", text[m.end:m.end + 20])
    if nxt is not None and nxt.group(1).lower() in _THING_HEADS:
        return True
    if text[m.end:m.end + 1] not in ("'", "’"):
        return False
    kin = _POSSESSOR_OF.match(text, m.end)
    return kin is not None and m.label != "NORP" and " " not in m.text


#: a name whose kin or own day follows it in the possessive is a person's: "Mokhtar's family"
_POSSESSOR_OF = re.compile(r"['’]s\s+(?:(?:new|late|eldest|youngest|little|big|own|dear|beloved)\s+)?"
                           r"(?:family|wife|husband|mother|father|mum|mom|dad|brother|sister|girlfriend|"
                           r"boyfriend|fiancee|fiancé|fiancée|grandmother|grandfather|birthday|bday|wedding|"
                           r"funeral)\b",
                           re.IGNORECASE)


def _links(text: str) -> list[tuple[int, int]]:
    """The spans of URLs, e-mail addresses and @handles in ``text``."""
    if "@" not in text and "http" not in text and "www." not in text:
        return []
    return [m.span() for m in _LINK.finditer(text)]


def _agent(text: str, s: int, e: int, doc) -> bool:
    """Does the place at [s, e) act as an agent in its sentence?"""
    after = text[e:e + 60]
    # "Iran-backed militias", "US-led coalition"
    m = re.match(r"[-‐‑]([a-z]+)", after)
    if m:
        return m.group(1) in _AGENT_SUFFIXES
    # "Russia's ambassador", "Iran's Supreme Leader"
    m = re.match(rf"[{_APOSTROPHES}]s?\s+([A-Za-z-]+)(?:\s+([A-Za-z-]+))?", after)
    if m:
        first, second = m.group(1), m.group(2) or ""
        if first.lower() in _AGENT_NOUNS or (first.islower() and second.lower() in _AGENT_NOUNS):
            return True
    # "Toronto Police", "Ohio Department of Health": the place names a public body
    m = re.match(r"\s+([A-Z][a-z]+)", after)
    if m and m.group(1).lower() in _ORG_HEADS:
        return True
    before = text[max(0, s - 30):s].rstrip().lower().split()
    if before and before[-1] == "the" and len(before) > 1:
        before.pop()  # "in The Hague", "at the Pentagon"
    prev = before[-1] if before else ""
    if prev in _LOCATIVE:
        return False
    if doc is not None:  # a parsed Doc
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            root = span.root
            if root.dep_ in ("nsubj", "nsubjpass") and root.head.lemma_.lower() in _AGENT_LEMMAS:
                return True
            if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.dep_ not in ("nsubj", "nsubjpass") \
                    and any(m.end() == s for m in _GENERIC_OF.finditer(text, max(0, s - 30), s)):
                # "demonstrators in the city of St. Gallen protested": a place phrase the parse hangs
                # from another word, whatever verb follows ("the city of Chicago sued" acts)
                return False
            head = root.head
            if root.dep_ == "nsubj" and head.pos_ == "VERB" and head.lemma_.lower() not in _SETTING_LEMMAS \
                    and any(c.dep_ == "dobj" for c in head.children):
                return True  # "Washington positioned his men", "Iraq attacked Iran": a doer, not a setting
    # the next words, skipping auxiliaries and adverbs: "Tehran vowed", "Washington has said"
    words = re.findall(r"[A-Za-z']+|[^\sA-Za-z']", after[:50])
    for w in words[:4]:
        low = w.lower()
        if low in _AGENT_VERBS:
            return True
        if low in _BETWEEN or (low.endswith("ly") and len(low) > 4):
            continue
        break
    return False
