"""The date stage's word lists: months, weekdays, seasons, parts of the day, units, and the words
that tell a date's tense (future, present, past).
"""

from __future__ import annotations


from geoevents.model import TimePrecision


# -- lexicon -----------------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
# full month names that are also common English words: they need context to be a month
_AMBIGUOUS_MONTHS = {"may", "march"}

_WEEKDAYS = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    "sunday": 7, "mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4, "thur": 4, "thurs": 4,
    "fri": 5, "sat": 6, "sun": 7,
}

_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "nite": "NI",
          "overnight": "NI", "tonight": "NI"}

# unit codes: S MIN H (clock), D W FN M Q Y DE CE (calendar)
_UNITS = {
    "second": "S", "sec": "S", "minute": "MIN", "min": "MIN", "hour": "H", "hr": "H",
    "day": "D", "week": "W", "wk": "W", "fortnight": "FN", "month": "M", "quarter": "Q",
    "year": "Y", "yr": "Y", "decade": "DE", "century": "CE", "centurie": "CE",
    "millennium": "ML", "weekend": "WE",
}
_CLOCK_UNITS = {"S", "MIN", "H"}
_PRECISION: dict[str, TimePrecision | None] = {
    "D": "day", "W": "week", "FN": "week", "M": "month", "Q": "quarter", "Y": "year",
    "DE": None, "CE": None, "ML": None, "WE": "week",
}

# words after a four-digit number that make it a count, not a year ("2000 people")
_COUNT_NOUNS = set("""
people persons men women children kids soldiers troops fighters militants civilians residents
families homes houses buildings cases deaths dead killed injured wounded km kilometers kilometres
miles meters metres feet foot yards tons tonnes pounds dollars euros yuan rupees dinars shekels
votes seats units points acres hectares barrels rounds rockets shells missiles bombs students
workers employees jobs members delegates participants protesters protestors demonstrators refugees
migrants prisoners inmates detainees cars vehicles trucks tanks aircraft planes jets ships boats
police officers officials calories words pages copies shares sq square cubic mph kph hp rpm gb mb
lbs kg g mm cm ml degrees percent per pct calibre caliber series model class runs goals yards
""".split())

# verbs that make a date the main clause's ("was killed on December 27") -- irregular pasts etc.
_VERBS = set("""
was were is are be been being had has have did do does said says say told tell met meet came come
went go took take held hold struck strike hit began begin left leave fell fall rose rise gave give
made make saw see found find got get led lead ran run won win lost lose sent send spoke speak broke
break fought fight brought bring bought buy sold sell paid pay set put shot shoot fled flee flew fly
drew draw threw throw wrote write became become stood stand sat sit rode ride spent spend woke
arrived died happened occurred erupted exploded
""".split())
_PRESENT_WORDS = {"is", "are", "am", "says", "say"}
_PAST_WORDS = (_VERBS - _PRESENT_WORDS - {"be", "being", "do", "does", "come", "go", "take", "hold",
                                          "strike", "begin", "leave", "fall", "rise", "give", "make",
                                          "see", "find", "get", "lead", "run", "win", "lose", "send",
                                          "speak", "break", "fight", "bring", "buy", "sell", "pay",
                                          "meet", "tell", "shoot", "flee", "fly", "draw", "throw",
                                          "write", "become", "stand", "sit", "ride", "spend"}
               ) | {"ago", "last", "yesterday", "earlier", "previously", "had", "did"}
_NOT_PAST_ED = {"need", "speed", "feed", "seed", "breed", "bleed", "deed", "indeed", "red", "bed",
                "shed", "wed", "fled", "led", "bred", "sled", "hundred", "proceed", "succeed",
                "exceed", "united", "limited", "based", "related", "armed", "detailed", "alleged",
                "so-called", "reported", "unnamed", "unidentified", "wounded", "injured"}


# words around a date that tell whether it is the main clause's (selection) or a title (rules)
_MAIN_PREPOSITIONS = {"on", "in", "at", "by", "during", "since", "from", "early", "late", "until", "before",
                      "after", "of"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my",
                "your", "whose"}
_FUNCTION = {"and", "or", "but", "then", "when", "that", "which", "who", "as", "while",
             "since", "because", "so", "if", "also", "it", "he", "she", "they", "we", "i", "there", "not",
             "only", "just", "first", "again", "still", "later", "earlier"}


