"""The temporal tagger: the traps of issue 6, each with sentences written for these tests.

Dates used below: 2020-01-03 is a Friday, 2020-01-06 a Monday, 2020-03-20 a Friday.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from geoevents.dates import CalendarRange, Regime, calendar_range, extract, narrative_regime
from geoevents.model import TimeExpr

FRIDAY = dt.date(2020, 1, 3)
MONDAY = dt.date(2020, 1, 6)
SHARED_TIME = Path(__file__).resolve().parents[2] / "shared" / "bench" / "time"


def tags(text: str, dct: dt.date | None = FRIDAY) -> list[TimeExpr]:
    found = extract(text, dct)
    for t in found:        # offsets index the text as given, end-exclusive
        assert text[t.start:t.end] == t.text
    return found


def only(text: str, dct: dt.date | None = FRIDAY) -> TimeExpr:
    found = tags(text, dct)
    assert len(found) == 1, found
    return found[0]


def values(text: str, dct: dt.date | None = FRIDAY) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tags(text, dct)]


# -- weekdays ------------------------------------------------------------------------------------

def test_bare_weekday_is_the_most_recent_such_day():
    t = only("Protesters gathered outside the ministry on Tuesday.")
    assert (t.text, t.type, t.value, t.precision) == ("Tuesday", "DATE", "2019-12-31", "day")


def test_bare_weekday_includes_the_publication_day():
    assert only("The ministry said on Friday that the road was closed.").value == "2020-01-03"


def test_weekday_with_part_of_day_is_a_time_on_that_day():
    t = only("Rockets hit the base on Friday morning.", MONDAY)
    assert (t.text, t.type, t.value) == ("Friday morning", "TIME", "2020-01-03TMO")
    assert t.day == dt.date(2020, 1, 3)
    assert calendar_range(t) == CalendarRange(dt.date(2020, 1, 3), dt.date(2020, 1, 3), "day")


@pytest.mark.parametrize("text", [
    "The airliner crashed shortly after take-off from the capital on Friday morning.",
    "The airliner crashed shortly after take off on Friday morning.",
])
def test_a_noun_that_spells_a_schedule_verb_does_not_turn_the_weekday_forward(text):
    # "take-off" is a noun here, not "take" (a verb news uses for scheduled events)
    assert only(text, MONDAY).value == "2020-01-03TMO"


def test_last_weekday_is_strictly_before_publication():
    # published on a Friday, "last Friday" is a week earlier
    assert only("The convoy left last Friday.").value == "2019-12-27"
    assert only("The convoy left last Friday.", MONDAY).value == "2020-01-03"
    assert only("The talks broke down last Monday.", MONDAY).value == "2019-12-30"


def test_next_weekday_is_ahead():
    assert only("The council votes next Friday.").value == "2020-01-10"
    assert only("The council votes next Wednesday.").value == "2020-01-08"


def test_future_tense_turns_a_bare_weekday_forward():
    assert only("The two ministers will meet on Tuesday in Geneva.").value == "2020-01-07"
    assert only("The two ministers met on Tuesday in Geneva.").value == "2019-12-31"
    assert only("The court is expected to rule on Wednesday.").value == "2020-01-08"


def test_a_deadline_points_forward():
    assert only("The crossing stays closed until Sunday.").value == "2020-01-05"
    assert only("Campaigning stopped ahead of Sunday's vote.").value == "2020-01-05"


def test_a_scheduling_verb_points_forward_but_the_same_word_as_a_noun_does_not():
    assert only("The envoy meets Tuesday with rebel leaders.").value == "2020-01-07"
    assert only("Shares tendered by the close of business Thursday were counted.").value == "2020-01-02"
    assert only("The truce took hold on Thursday.").value == "2020-01-02"  # "took hold": a noun
    assert only("The summit holds its session on Thursday.").value == "2020-01-09"


def test_a_possessive_weekday_is_not_moved_by_a_future_verb():
    t = only("Lawyers said they would appeal Wednesday's ruling.")
    assert t.value == "2020-01-01"


# -- month names and full dates ------------------------------------------------------------------

def test_abbreviated_month_and_day_is_one_date():
    t = only("Fighting resumed on Aug. 2 near the border.", dt.date(2019, 8, 10))
    assert (t.text, t.value, t.precision) == ("Aug. 2", "2019-08-02", "day")


def test_full_date_with_ordinal_is_one_date():
    t = only("The strike happened on December 29th 2019 at dawn.", None)
    assert (t.text, t.value, t.precision) == ("December 29th 2019", "2019-12-29", "day")
    assert values("Officials confirmed it on Friday, Dec. 27, 2019.", None) == [
        ("Friday, Dec. 27, 2019", "2019-12-27")]
    assert values("It was signed on 27 December 2019.", None) == [("27 December 2019", "2019-12-27")]


def test_a_date_ahead_in_the_same_season_is_not_pushed_a_year_back():
    march = dt.date(2020, 3, 20)
    assert only("The trial opens on April 7.", march).value == "2020-04-07"
    # written in the past tense, a date a few weeks ahead is still the nearest one
    assert only("The company said the offer expired April 7.", march).value == "2020-04-07"


def test_tense_moves_a_distant_yearless_date_to_the_other_side():
    october = dt.date(2019, 10, 26)
    assert only("The new line will open on June 1.", october).value == "2020-06-01"
    assert only("The old line opened on June 1.", october).value == "2019-06-01"


def test_a_past_verb_takes_the_last_such_day_even_most_of_a_year_back():
    october = dt.date(2019, 10, 28)
    assert values("In the year that ended Jan. 31, sales rose.", october)[-1] == ("Jan. 31", "2019-01-31")
    assert only("The firm changed its auditors in December.", october).value == "2018-12"
    # the same month ahead in the future tense
    assert only("The firm will change its auditors in December.", october).value == "2019-12"


def test_dates_a_notice_sets_stay_ahead_of_a_past_verb():
    october = dt.date(2019, 10, 28)
    got = values("The board declared a dividend payable Dec. 15 to holders of record Nov. 20.", october)
    assert got == [("Dec. 15", "2019-12-15"), ("Nov. 20", "2019-11-20")]
    assert only("The bank extended the credit line through January.", october).value == "2020-01"
    assert only("The new rules took force, effective Feb. 1.", october).value == "2020-02-01"


def test_an_intention_looks_ahead_but_the_past_perfect_looks_back():
    february = dt.date(2019, 2, 10)
    assert only("The alliance decided to admit the three states in early March.", february).value == "2019-03"
    monday = dt.date(2019, 10, 28)
    assert only("The offer had been due to expire Friday evening.", monday).value == "2019-10-25TEV"
    assert only("Until Thursday, the police had not named a suspect.", monday).value == "2019-10-24"
    assert only("Until Thursday, the police will keep the road closed.", monday).value == "2019-10-31"


def test_modals_and_to_be_look_ahead():
    september = dt.date(2007, 9, 8)
    assert only("The contract may be signed on September 12.", september).value == "2007-09-12"
    october = dt.date(2005, 10, 4)
    assert only("Apple announced an event to be held on October 12.", october).value == "2005-10-12"
    assert only("Apple held an event on October 2.", october).value == "2005-10-02"


def test_weekday_and_month_abbreviations_are_not_verbs():
    # "Sat" is not the past of "sit": it leaves the date's tense alone
    assert values("Course on May 2 (Sat-Sun only).", dt.date(2015, 4, 20))[0] == ("May 2", "2015-05-02")


def test_a_weekday_on_one_line_and_a_date_on_the_next_are_two_expressions():
    got = values("Markets fell on Friday\nSeptember 18, 2008", dt.date(2008, 9, 20))
    assert got == [("Friday", "2008-09-19"), ("September 18, 2008", "2008-09-18")]


def test_participles_used_as_adjectives_and_have_as_a_main_verb_set_no_past_tense():
    october = dt.date(2019, 10, 26)
    assert only("The dividend would be paid on a still unspecified date in January.", october).value == "2020-01"
    assert only("Come in for your Christmas shopping; we have three brands.", dt.date(2013, 11, 4)).value == \
        "2013-12-25"


def test_month_with_year_and_month_alone():
    assert values("Inflation peaked in December 2019.", None) == [("December 2019", "2019-12")]
    assert only("Inflation peaked in November.").value == "2019-11"
    assert only("Elections are due in March.", FRIDAY).value == "2020-03"


def test_iso_and_numeric_dates():
    assert values("Report dated 2019-12-27, amended 12/30/2019.", None) == [
        ("2019-12-27", "2019-12-27"), ("12/30/2019", "2019-12-30")]


def test_a_month_with_this_or_last_year_is_one_date_in_that_year():
    feb = dt.date(1998, 2, 19)
    assert values("In June last year the rebels split.", feb) == [("June last year", "1997-06")]
    assert values("Talks resume in April next year.", feb) == [("April next year", "1999-04")]
    assert values("On March 3 this year the dam burst.", feb) == [("March 3 this year", "1998-03-03")]


def test_each_day_of_a_range_is_its_own_date():
    march = dt.date(2013, 3, 11)
    assert values("The fair runs 2-4 July 2013 in the hall.", march) == [("2", "2013-07-02"),
                                                                         ("4 July 2013", "2013-07-04")]
    assert values("The summit meets on April 24 and 25.", march) == [("April 24", "2013-04-24"), ("25", "2013-04-25")]
    assert values("Classes on May 2 - 3, 9 - 10 only.", march) == [
        ("May 2", "2013-05-02"), ("3", "2013-05-03"), ("9", "2013-05-09"), ("10", "2013-05-10")]
    # a score or a count after a date is not a range
    assert values("They won on March 3 by 3-1 and on March 4 6-2.", march)[:1] == [("March 3", "2013-03-03")]
    assert [t.text for t in tags("The team won 3-1 on May 4.", march)] == ["May 4"]


def test_a_day_and_a_clock_time_written_together_are_one_time():
    wednesday = dt.date(2014, 4, 23)
    t = only("Come and watch this Sat, 430pm at the hall.", wednesday)
    assert (t.text, t.type, t.value) == ("this Sat, 430pm", "TIME", "2014-04-26T16:30")
    assert values("Doors open May 10, 2014 2pm.", wednesday) == [("May 10, 2014 2pm", "2014-05-10T14:00")]
    # with "at" they stay two expressions, as TimeML corpora annotate them
    assert [t.text for t in tags("See you tomorrow at 9am.", wednesday)] == ["tomorrow", "9am"]


def test_informal_times_and_units_written_without_spaces():
    day = dt.date(2013, 6, 26)
    assert values("I joined the queue at 1130pm.", day) == [("1130pm", "2013-06-26T23:30")]
    assert values("Haven't run in 16days and queued 7hrs.", day) == [("16days", "P16D"), ("7hrs", "PT7H")]


def test_recent_years_is_a_span_of_unknown_length():
    t = only("Kidnappings have risen in recent years.")
    assert (t.text, t.type, t.value) == ("recent years", "DURATION", "PXY")
    assert values("Sales fell in recent weeks.") == [("recent weeks", "PXW")]


def test_ages_are_not_durations_but_a_hundred_years_is():
    assert tags("Mr. Lee, 52 years old, will retire.") == []
    assert values("The crown has ruled for almost a hundred years.") == [("almost a hundred years", "P100Y")]


def test_the_near_term_is_ahead_and_for_now_is_the_present():
    assert values("Growth should return in the near term.") == [("the near term", "FUTURE_REF")]
    assert values("For now, the road stays shut.") == [("now", "PRESENT_REF")]


def test_an_ordinal_day_of_a_run_is_the_day_the_story_is_on():
    t = tags("It is the eighth day of the siege.", dt.date(1990, 8, 15))[-1]
    assert (t.text, t.type, t.value) == ("the eighth day", "DATE", "1990-08-15")
    assert only("Trading was halted for a second consecutive day.", dt.date(2008, 9, 17)).value == "2008-09-17"


# -- words that are rarely dates -----------------------------------------------------------------

def test_ambiguous_words_need_context():
    assert tags("We may march to the square if the sun is out; she sat down.") == []
    assert tags("Police said 2019 people were detained and 12 were hurt.") == []
    assert tags("The may be true, said March Hare.") == []


def test_ambiguous_month_names_with_context_are_months():
    assert values("The vote was held in May.", FRIDAY) == [("May", "2019-05")]
    assert values("Protests began on March 3.", dt.date(2020, 3, 20)) == [("March 3", "2020-03-03")]


def test_a_quoted_title_is_not_a_date_but_a_quoted_sentence_is():
    assert tags('He said on the programme "This Week," that talks failed.') == []
    assert values('"This week we vote," he said.') == [("This week", "2020-W01")]


def test_an_abbreviated_month_alone_needs_its_dot_and_a_word_that_takes_a_month():
    april = dt.date(2015, 4, 19)
    assert values("We go to camps in July and Aug. to train.", april) == [("July", "2015-07"), ("Aug.", "2015-08")]
    assert tags("The SINGAPORE, Dec announcement.", april) == []
    assert values("He was shot last Oct. 23 at home.", dt.date(1999, 4, 19)) == [("Oct. 23", "1998-10-23")]


def test_temporal_nouns_inside_names_are_not_dates():
    assert tags("Justice Sandra Day O'Connor spoke at the opening of Fashion Week.") == []


def test_a_bare_year_is_a_year_but_a_count_is_not():
    assert values("The militia was founded in 2003.", FRIDAY) == [("2003", "2003")]
    assert tags("About 1500 soldiers and $2019 were involved.") == []


# -- relative expressions -----------------------------------------------------------------------

def test_informal_spellings_of_tomorrow_and_times():
    day = dt.date(2014, 8, 13)
    assert values("Bus to the coast tomo morning.", day) == [("tomo morning", "2014-08-14TMO")]
    assert values("Must report to the unit trmw.", day) == [("trmw", "2014-08-14")]
    assert tags("Tomo Sato won the race.", day) == []
    assert values("Left camp at 5+am today.", day) == [("5+am today", "2014-08-13T05:00")]
    assert values("You posted this 1+ hr ago.", day) == [("1+ hr ago", "2014-08-13")]
    assert values("We queued for 4+ hours.", day) == [("4+ hours", "PTXH")]


def test_a_plan_looks_ahead_but_a_participle_does_not():
    friday = dt.date(2000, 1, 7)
    assert only("Exiles planned a large rally in the square on Saturday.", friday).value == "2000-01-08"
    sunday = dt.date(1999, 10, 24)
    assert only("A vigil planned at the town hall on Saturday was called off.", sunday).value == "1999-10-23"


def test_during_the_day_friday_is_dated_by_the_weekday():
    assert values("During the day Friday, the boy played in the yard.") == [("Friday", "2020-01-03")]


def test_day_relative_words():
    assert values("Yesterday the police said the curfew ends tomorrow.", FRIDAY) == [
        ("Yesterday", "2020-01-02"), ("tomorrow", "2020-01-04")]
    t = only("The minister spoke tonight.")
    assert (t.type, t.value) == ("TIME", "2020-01-03TNI")


def test_units_relative_to_publication():
    assert only("Unemployment rose last year.").value == "2019"
    t = only("Talks resume this week.")
    assert (t.value, t.precision) == ("2020-W01", "week")
    assert only("Prices rose earlier this month.").value == "2020-01"
    # "two weeks ago" is the day two weeks back, as TimeML corpora annotate it
    assert only("The deal was signed two weeks ago.").value == "2019-12-20"
    assert only("The deal was signed three days ago.").value == "2019-12-31"


def test_the_past_week_is_the_week_before_and_a_counted_span_a_duration():
    # TimeBank annotates "(over) the past year" as the year before; "the past two weeks" as a duration
    t = only("The past week was the deadliest.")
    assert (t.type, t.value, t.precision) == ("DATE", "2019-W52", "week")
    t = only("Prices rose sharply over the past two weeks.")
    assert (t.text, t.type, t.value) == ("the past two weeks", "DURATION", "P2W")


def test_the_weekend_is_the_nearer_one_unless_the_tense_says():
    monday, thursday = dt.date(2020, 1, 6), dt.date(2020, 1, 9)
    assert only("Clashes broke out over the weekend.", thursday).value == "2020-W01-WE"
    assert only("The weekend brings more rain.", thursday).value == "2020-W02-WE"
    assert only("The weekend brings more rain.", monday).value == "2020-W01-WE"
    assert only("Rallies will be held this weekend.", monday).value == "2020-W02-WE"


def test_decades_centuries_seasons_quarters():
    assert values("Violence peaked in the 1990s.") == [("the 1990s", "199")]
    assert values("Buildings from the 19th century collapsed.") == [("the 19th century", "18")]
    assert values("Profit fell in the third quarter of 2019.") == [("the third quarter of 2019", "2019-Q3")]
    assert values("Troops withdrew last spring.", dt.date(2020, 1, 3)) == [("last spring", "2019-SP")]


def test_a_capitalised_season_after_a_lower_case_word_is_the_season():
    february = dt.date(2015, 2, 2)
    assert values("Shop dresses in hues of Spring.", february) == [("Spring", "2015-SP")]
    assert tags("The Arab Spring began in Tunisia.", february) == []
    assert tags("Rain may spring up the hills.", february) == []


def test_decades_without_apostrophe_and_two_digit_years():
    oct27 = dt.date(2008, 10, 27)
    assert values("It rid the city of the boxy cars of the 70s and 80s.", oct27) == [("the 70s", "197"), ("80s", "198")]
    assert values("The index is at its lowest level since '82.", oct27) == [("'82", "1982")]
    assert not [t for t in tags("He shot 70s in golf practice.", oct27) if "70s" in t.text]
    assert values("Sales peaked this August 2013.", oct27) == [("this August 2013", "2013-08")]


def test_final_quarter_and_last_half_of_a_year():
    assert values("Profit rose in the final quarter of 2009.") == [("the final quarter of 2009", "2009-Q4")]
    assert values("Sales slowed in the last half of 1989.") == [("the last half of 1989", "1989-H2")]
    assert [t.text for t in tags("He spoke for the last half hour.")] != ["the last half"]


def test_a_month_or_season_with_a_spoken_year_is_one_date():
    feb = dt.date(1998, 2, 23)
    assert values("January nineteen ninety-seven brought snow.", feb) == [
        ("January nineteen ninety-seven", "1997-01")]
    assert values("Prices hit that level in the winter of nineteen ninety-four.", feb) == [
        ("the winter of nineteen ninety-four", "1994-WI")]


def test_hours_of_a_part_of_the_day():
    day = dt.date(2000, 4, 5)
    assert values("The call came at 4 in the morning.", day) == [("4 in the morning", "2000-04-05T04:00")]
    assert values("They met at eight in the evening.", day) == [("eight in the evening", "2000-04-05T20:00")]
    assert values("Trading slowed mid-afternoon yesterday.", day) == [("mid-afternoon yesterday", "2000-04-04TAF")]


def test_holidays():
    assert values("Shops closed on Christmas.", FRIDAY) == [("Christmas", "2019-12-25")]
    assert values("Fireworks were banned on New Year's Eve.", FRIDAY) == [("New Year's Eve", "2019-12-31")]
    assert values("Crowds gathered on Christmas Eve.", None) == [("Christmas Eve", "XXXX-12-24")]


# -- the narrative reference ---------------------------------------------------------------------

def test_two_days_later_counts_from_the_main_clause_date():
    text = ("On December 29th, the agency released a statement about an attack on December 27. "
            "Two days later, the embassy was stormed.")
    got = values(text, dt.date(2020, 1, 4))
    assert got == [("December 29th", "2019-12-29"), ("December 27", "2019-12-27"),
                   ("Two days later", "2019-12-31")]


def test_a_date_attached_to_a_verb_sets_the_reference_even_after_a_noun_date():
    text = ("The ruling on the May 4 elections was published on May 10. "
            "The next day, crowds gathered in the capital.")
    got = values(text, dt.date(2020, 5, 20))
    assert got[-1] == ("The next day", "2020-05-11")


def test_a_lone_noun_attached_date_still_sets_the_reference():
    text = "The agency described an attack on December 27. Three days later, talks resumed."
    assert values(text, dt.date(2020, 1, 4))[-1] == ("Three days later", "2019-12-30")


def test_the_following_week_and_the_previous_day():
    text = "Parliament met on March 2, 2015. The following week, the cabinet resigned. The previous day was calm."
    got = values(text, dt.date(2020, 1, 4))
    assert got[1] == ("The following week", "2015-W11")
    assert got[2] == ("The previous day", "2015-03-01")


def test_a_year_mention_does_not_move_a_day_reference():
    text = "Rebels seized the town on Monday. The town was founded in 1820. Two days later, troops returned."
    assert values(text, FRIDAY)[-1] == ("Two days later", "2020-01-01")


def test_a_point_of_comparison_does_not_move_the_reference():
    text = ("Profit rose to $5 million in 2019 from $4 million a year earlier. "
            "Sales were $9 million, up from $8 million a year earlier.")
    got = values(text, dt.date(2020, 2, 1))
    assert [v for _, v in got] == ["2019", "2018", "2018"]


def test_reference_policies_differ_where_the_main_clause_matters():
    text = ("On December 29th, the agency released a statement about an attack on December 27. "
            "Two days later, the embassy was stormed.")
    dct = dt.date(2020, 1, 4)
    assert extract(text, dct, reference="main")[-1].value == "2019-12-31"
    assert extract(text, dct, reference="last")[-1].value == "2019-12-29"
    assert extract(text, dct, reference="dct")[-1].value == "2020-01-06"


def test_a_results_story_compares_with_its_own_quarter_and_month():
    text = ("The company earned $5 million in the third quarter, up from $4 million a year earlier. "
            "Revenue in the quarter rose 3%.")
    got = values(text, dt.date(2019, 10, 28))
    assert got == [("the third quarter", "2019-Q3"), ("a year earlier", "2018-Q3"), ("the quarter", "2019-Q3")]
    text = "Sales rose 43% in February compared with the same period last year."
    assert values(text, dt.date(2010, 3, 3)) == [("February", "2010-02"), ("the same period last year", "2009-02")]


def test_a_results_story_stays_on_its_latest_ended_quarter():
    text = ("The firm's third-quarter profit rose 9%. After a flat second quarter, sales recovered. "
            "It expects a fourth-quarter charge. Profit was $5 million in the latest quarter, up from $4 million "
            "a year ago.")
    got = values(text, dt.date(2019, 11, 1))
    assert got[-2:] == [("the latest quarter", "2019-Q3"), ("a year ago", "2018-Q3")]


def test_the_quarter_ended_on_a_day_is_the_calendar_quarter_of_those_months():
    got = values("In the quarter ended July 31, the chain sold 5 million units.", dt.date(1989, 10, 30))
    assert got == [("the quarter", "1989-Q2"), ("July 31", "1989-07-31")]


def test_this_quarter_and_a_year_ago_in_a_results_story():
    text = "Profit rose in the third quarter. This quarter's loss includes charges. For the quarter a year ago, it earned less."
    got = values(text, dt.date(1989, 11, 1))
    assert got == [("the third quarter", "1989-Q3"), ("This quarter", "1989-Q3"), ("the quarter a year ago", "1988-Q3")]
    assert values("Sales fell in January, compared with the same month a year ago.", dt.date(2009, 2, 3)) == [
        ("January", "2009-01"), ("the same month a year ago", "2008-01")]
    assert values("Talks resume this quarter.", dt.date(1989, 11, 1)) == [("this quarter", "1989-Q4")]


def test_the_week_of_a_day_and_each_month():
    assert values("A hearing is set for the week of March 6.", dt.date(2000, 2, 24)) == [
        ("the week of March 6", "2000-W10")]
    t = only("The fair is held each July in the square.")
    assert (t.text, t.type, t.value) == ("each July", "SET", "XXXX-07")


def test_without_anchor_relative_expressions_stay_unresolved():
    found = tags("Yesterday the convoy left; it returns on Friday, before Christmas.", None)
    assert [(t.text, t.value, t.precision) for t in found] == [
        ("Yesterday", "XXXX-XX-XX", None), ("Friday", "XXXX-WXX-5", None), ("Christmas", "XXXX-12-25", None)]
    # the text's own dates still anchor the narrative
    assert values("On 3 May 2018 the dam burst. Two days later it rained.", None)[-1] == (
        "Two days later", "2018-05-05")


# -- narrative time ------------------------------------------------------------------------------

PUBLISHED = dt.date(2021, 6, 15)      # a Tuesday

# a history told without a weekday, a "yesterday" or a date near publication
SALT_MARCH = (
    "In 1761 the salt workers of the delta refused the new tax. By early 1762 the refusal had spread to the "
    "hill towns, and the governor sent two regiments north.\n\n"
    "On 2 December the regiments reached the river. The next day they crossed it at the old ford, and "
    "two weeks later the first town opened its gates. In January the governor's envoy arrived, but the "
    "talks failed. The following spring the towns rose again.\n\n"
    "1764\n\n"
    "By the end of the year the tax had been withdrawn, and two months later the assembly met for the first "
    "time since 1740.")


def test_a_narrative_counts_its_dates_from_the_story_not_from_publication():
    got = values(SALT_MARCH, PUBLISHED)
    assert got == [
        ("1761", "1761"), ("early 1762", "1762"), ("2 December", "1762-12-02"), ("The next day", "1762-12-03"),
        ("two weeks later", "1762-12-17"), ("January", "1763-01"), ("The following spring", "1763-SP"),
        ("1764", "1764"), ("the end of the year", "1764"), ("two months later", "XXXX-XX"), ("1740", "1740")]
    assert narrative_regime(SALT_MARCH, PUBLISHED) == Regime("narrative", ((0, len(SALT_MARCH)),))


def test_a_stated_year_then_a_day_and_the_next_day():
    text = ("In 1894 the new bridge was opened. On 2 December a flood carried away its middle span, and the next "
            "day the ferry ran again.")
    assert values(text, PUBLISHED) == [("1894", "1894"), ("2 December", "1894-12-02"), ("the next day", "1894-12-03")]


def test_seasons_and_months_after_a_stated_year():
    text = ("In 1762 the towns rebelled. The following spring the army came north; the previous winter had been "
            "mild. In June it took the pass, and in the autumn it wintered by the lake.")
    assert values(text, PUBLISHED) == [
        ("1762", "1762"), ("The following spring", "1763-SP"), ("the previous winter", "1762-WI"), ("June", "1763-06"),
        ("the autumn", "1763-FA")]


def test_a_count_of_days_after_an_event_is_a_date_in_a_story_and_a_duration_in_news():
    story = (SALT_MARCH.split("\n\n1764")[0] + "\n\nOn 9 March 1763 the envoy returned to the capital. "
             "Ten days after the talks ended, the governor left the province.")
    assert ("Ten days", "1763-03-19") in values(story, PUBLISHED)
    news = tags("Ten days after the talks ended, the governor left the province.", PUBLISHED)
    assert [(t.text, t.type, t.value) for t in news] == [("Ten days", "DURATION", "P10D")]


def test_a_finer_date_in_the_same_sentence_refines_the_story():
    text = ("On 2 January 1905 the fortress surrendered. Later that month, on 22 January, the guards fired on a "
            "crowd. Two weeks later the strikes spread.")
    assert values(text, PUBLISHED)[-1] == ("Two weeks later", "1905-02-05")


def test_a_two_digit_year_in_a_narrative_takes_the_century_of_the_story():
    assert values("In 1791 the club split, and its founders formed the Club of '89.", PUBLISHED)[-1] == (
        "'89", "1789")
    assert values("Sales have doubled since '82, the company said on Tuesday.", PUBLISHED)[0] == ("'82", "1982")


def test_the_past_perfect_steps_back_from_the_story_without_moving_it():
    text = ("In November 1919 the northern army reached the coast. Its general had spent the spring drilling it in "
            "the hills. In March the army sailed.")
    assert values(text, PUBLISHED) == [("November 1919", "1919-11"), ("the spring", "1919-SP"), ("March", "1920-03")]


def test_a_news_story_that_mentions_a_historical_year_stays_news():
    text = ("Lawyers for the city said on Tuesday that the 1973 ruling still stands. The council voted in March "
            "to appeal, and hearings began on 2 June; a decision is expected in December.")
    assert values(text, PUBLISHED) == [
        ("Tuesday", "2021-06-15"), ("1973", "1973"), ("March", "2021-03"), ("2 June", "2021-06-02"),
        ("December", "2021-12")]
    assert narrative_regime(text, PUBLISHED) == Regime("news", ())


def test_a_news_story_whose_background_paragraph_is_history_then_news_again():
    news = "Flood water reached the old quarter on Monday, officials said yesterday.\n"
    history = ("In 1911 a flood of the same height drowned the lower town. On 2 December the dykes broke, and "
               "the next day the mayor ordered the bells rung. In the spring the town was rebuilt.\n")
    back = "On Tuesday the council said repairs would begin in July."
    text = news + history + back
    got = values(text, PUBLISHED)
    assert got == [
        ("Monday", "2021-06-14"), ("yesterday", "2021-06-14"),
        ("1911", "1911"), ("2 December", "1911-12-02"), ("the next day", "1911-12-03"), ("the spring", "1912-SP"),
        ("Tuesday", "2021-06-15"), ("July", "2021-07")]
    regime = narrative_regime(text, PUBLISHED)
    assert regime.kind == "mixed"
    assert [text[a:b] for a, b in regime.narrative] == [history.rstrip("\n")]


def test_a_date_in_parentheses_or_attached_to_a_noun_does_not_move_the_story():
    text = ("The rebels held the fort from 1838. The old charter (1794) was burned in 1839, and a campaign planned "
            "for 1841 was never fought. In March the fort fell.")
    assert values(text, PUBLISHED)[-1] == ("March", "1839-03")


def test_a_year_that_opens_a_paragraph_moves_the_story_even_as_a_nouns_date():
    text = ("In 1776 the army took the city. In June it crossed the river.\n\n"
            "The first of the 1777 campaigns was a march from the north. The column set off in June.")
    assert values(text, PUBLISHED)[-1] == ("June", "1777-06")
    # the same noun's date inside a paragraph stays a noun's date: "a campaign planned for 1841"
    inside = "In 1776 the army took the city. The first of the 1777 campaigns was a march. In June it crossed."
    assert values(inside, PUBLISHED)[-1] == ("June", "1776-06")


def test_a_month_and_year_said_when_the_clause_happened_moves_the_story():
    text = ("In May 1919 the fleet sailed. Instead the legion disarmed the garrison in June 1918 at the junction. "
            "By the end of July it held the railway.")
    assert values(text, PUBLISHED)[-1] == ("the end of July", "1918-07")
    # not a noun's modifier: "the leader of the August 1792 uprising"
    modifier = ("In 1793 the king was tried. Danton, the leader of the August 1792 uprising, was removed. "
                "On 24 June the assembly adopted a constitution.")
    assert values(modifier, PUBLISHED)[-1] == ("24 June", "1793-06-24")


def test_a_perfect_participle_clause_steps_back_before_the_main_clause():
    text = ("In 1775 the war began. Having taken New York in 1776, the general turned on the capital, "
            "the seat of the rebel government, in 1777. "
            "He landed his troops in late August.")
    assert values(text, PUBLISHED)[-1] == ("late August", "1777-08")


def test_a_quoted_today_in_a_history_is_the_speakers_day():
    text = ("In 1848 the barricades went up across the city and the king fled. On 24 February the crowd took the "
            "palace. \"Today we are free,\" a printer wrote.")
    assert values(text, PUBLISHED)[-1] == ("Today", "XXXX-XX-XX")


def test_a_narrative_without_publication_date_still_counts_from_its_years():
    text = "The canal opened in 1825. In October the first barges reached the lake."
    assert values(text, None) == [("1825", "1825"), ("October", "1825-10")]


# -- years before Christ --------------------------------------------------------------------------


def test_years_before_christ_and_their_centuries():
    text = ("The hill towns rose against the king in 312 BC. The revolt lasted from 312 to 305 BC; its leaders "
            "were exiled in the 4th century BC, and their grandsons returned in the 280s BC. A temple was "
            "built c. 150 BCE and rebuilt in AD 70.")
    assert values(text, PUBLISHED) == [
        ("312 BC", "BC0312"), ("312", "BC0312"), ("305 BC", "BC0305"), ("the 4th century BC", "BC03"),
        ("the 280s BC", "BC028"), ("c. 150 BCE", "BC0150"), ("AD 70", "0070")]


def test_a_narrative_before_christ_counts_its_months_and_years_in_that_era():
    text = ("In 312 BC the hill towns rose against the king. In May, his army marched north, and the following "
            "year it laid siege to the capital. In 310, the siege was lifted.")
    got = values(text, PUBLISHED)
    assert got == [("312 BC", "BC0312"), ("May", "BC0312-05"), ("the following year", "BC0311"),
                   ("310", "BC0310")]
    assert all(calendar_range(t) is None for t in tags(text, PUBLISHED))   # no dt.date before year 1


# -- durations, sets, times ----------------------------------------------------------------------

def test_durations_and_sets():
    assert [(t.text, t.type, t.value) for t in tags("The siege lasted three days and the talks 36 hours.")] == [
        ("three days", "DURATION", "P3D"), ("36 hours", "DURATION", "PT36H")]
    assert [(t.text, t.type, t.value) for t in tags("They protest every Friday and meet weekly.")] == [
        ("every Friday", "SET", "XXXX-WXX-5"), ("weekly", "SET", "P1W")]
    assert [(t.text, t.type, t.value) for t in tags("a two-year ceasefire")] == [("two-year", "DURATION", "P2Y")]


def test_fractions_of_a_unit_go_to_the_next_unit_down():
    assert values("Refugees lived in the camps for 2 1/2 years.") == [("2 1/2 years", "P2Y6M")]
    assert values("The visit lasted 5 1/2 hours.") == [("5 1/2 hours", "PT5H30M")]
    assert values("The talks went on for a day and a half.") == [("a day and a half", "P1DT12H")]
    assert values("The mood will not change for a couple of years.") == [("a couple of years", "P2Y")]


def test_the_full_year_of_a_results_story_is_that_year():
    text = "Profit rose 9% in the third quarter. The firm expects growth for the full year."
    assert values(text, dt.date(1989, 10, 30))[-1] == ("the full year", "1989")
    assert values("They worked throughout the year.", dt.date(1989, 10, 30)) == [("the year", "P1Y")]


def test_clock_times():
    t = only("The blast was heard at 10:35 a.m. on Tuesday.")
    assert (t.type, t.value) == ("TIME", "2019-12-31T10:35")


def test_durations_claim_no_calendar_precision():
    t = only("The siege lasted three days.")
    assert t.precision is None and calendar_range(t) is None


# -- calendar ranges -----------------------------------------------------------------------------

@pytest.mark.parametrize("value, first, last, precision", [
    ("2019-12-27", "2019-12-27", "2019-12-27", "day"),
    ("2019-12-27TNI", "2019-12-27", "2019-12-27", "day"),
    ("2019-W52", "2019-12-23", "2019-12-29", "week"),
    ("2020-W01-WE", "2020-01-04", "2020-01-05", "week"),
    ("2019-12", "2019-12-01", "2019-12-31", "month"),
    ("2020-02", "2020-02-01", "2020-02-29", "month"),
    ("2019-Q4", "2019-10-01", "2019-12-31", "quarter"),
    ("2019-H1", "2019-01-01", "2019-06-30", "year"),
    ("2019-WI", "2019-12-01", "2020-02-29", "quarter"),
    ("2019", "2019-01-01", "2019-12-31", "year"),
    ("199", "1990-01-01", "1999-12-31", None),
])
def test_calendar_range(value, first, last, precision):
    assert calendar_range(value) == CalendarRange(dt.date.fromisoformat(first), dt.date.fromisoformat(last),
                                                  precision)


@pytest.mark.parametrize("value", ["P2D", "PT3H", "PRESENT_REF", "PAST_REF", "XXXX-12-25", "XXXX-WXX-5", "",
                                   "2019-13", "2019-02-30"])
def test_calendar_range_of_non_calendar_values_is_none(value):
    assert calendar_range(value) is None


def test_every_resolved_date_has_a_range_matching_its_precision():
    text = ("Yesterday, last week, this month, the third quarter, last year, on Tuesday, "
            "in the spring and on Dec. 2 the rebels attacked.")
    for t in tags(text):
        rng = calendar_range(t)
        assert rng is not None and rng.precision == t.precision, t


# -- robustness ----------------------------------------------------------------------------------

def test_offsets_survive_unicode_and_odd_spacing():
    text = "Le café fermé —  «Réunion»  on\u00a0Friday,\n\n and\tlast  week."
    found = tags(text)
    assert [t.text for t in found] == ["Friday", "last  week"]


@pytest.mark.parametrize("text", ["", "   ", "2019", "May", "'90s", "0:00", "31/31/3131", "Dec. 32",
                                  "February 30, 2019", "the 99th century", "9999-99-99"])
def test_odd_input_never_raises(text):
    for dct in (FRIDAY, None, dt.date(1, 1, 1), dt.date(9999, 12, 31)):
        tags(text, dct)


@pytest.mark.parametrize("dct", [dt.date(1, 1, 1), dt.date(9999, 12, 31)])
def test_anchors_at_the_calendar_edge_give_unresolved_values_not_errors(dct):
    found = tags("Next year, the following week and last Christmas, a year after Dec. 31.", dct)
    assert found and all(t.type in ("DATE", "TIME", "DURATION", "SET") for t in found)


def test_shared_corpora_offsets_and_types_are_valid():
    path = SHARED_TIME / "aquaint.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared benchmark lives outside the repository)")
    with open(path, encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            for t in extract(doc["text"], dt.date.fromisoformat(doc["dct"][:10])):
                assert doc["text"][t.start:t.end] == t.text
                assert t.type in ("DATE", "TIME", "DURATION", "SET")


def test_dates_command_writes_timex_jsonl(tmp_path):
    from click.testing import CliRunner

    from geoevents.cli import cli

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a1", "text": "Troops left on Tuesday.", "published": "2020-01-03"}) + "\n",
                   encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["dates", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rec = json.loads(out.read_text(encoding="utf-8"))
    assert rec["id"] == "a1"
    assert rec["timex"] == [{"start": 15, "end": 22, "text": "Tuesday", "type": "DATE", "value": "2019-12-31"}]


@pytest.mark.parametrize("text, value", [
    ("In 2003 the mill closed, and its owners reported weak sales for the month of July.", "2004-07"),
    ("The harvest was poor in the year of 1848 and the next.", "1848"),
])
def test_the_unit_of_a_named_month_or_year_is_that_month_or_year(text, value):
    # "the month" alone would count from the story's reference ("In 2003"): the name dates it
    found = extract(text, dt.date(2004, 8, 19))
    assert value in [t.value for t in found]
    assert not any(t.text.lower() in ("the month", "the year") for t in found)
