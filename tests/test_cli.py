"""The command line: help for every command, library errors as one line and exit code 1, and the
network options reaching Settings.

Like sqlite-utils' tests/test_docs.py, the commands are found by walking the click group, so a
command added later is checked too.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import TEST_AGENT
from nominatim_server import NominatimServer

from geoevents.cli import _settings, cli, network_options

REPO = Path(__file__).resolve().parent.parent
STORE = REPO / "gazetteer" / "geoevents.sqlite"
needs_store = pytest.mark.skipif(not STORE.exists(), reason=f"no gazetteer store at {STORE} (make gazetteer)")


def all_commands(command=cli, path=()):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from all_commands(sub, path + (name,))


COMMANDS = list(all_commands())


def run(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env)


def one_line_error(result) -> str:
    """The error a failed command printed, checked to be a single line and no traceback."""
    assert result.exit_code == 1, (result.output, result.exception)
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("Error: ")
    return lines[0]


# -- help ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(p) or "geoevents" for p, _ in COMMANDS])
def test_every_command_has_help_that_ends_with_examples(path, command):
    result = run(*path, "--help")
    assert result.exit_code == 0, result.output
    assert command.help and command.short_help != ""
    description = result.output.split("Options:")[0]
    paragraphs = [p.strip() for p in description.strip().split("\n\n") if p.strip()]
    assert paragraphs[-1].startswith("Examples:"), f"{path}: help does not end with examples"
    examples = [line.strip() for line in paragraphs[-1].splitlines()[1:]]
    assert examples, f"{path}: no example under 'Examples:'"
    prefix = " ".join(("geoevents",) + path)
    assert all(line.startswith(prefix) for line in examples), examples


@pytest.mark.parametrize("path, command", COMMANDS, ids=[" ".join(p) or "geoevents" for p, _ in COMMANDS])
def test_every_option_says_what_it_does(path, command):
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{' '.join(path)} {param.opts[0]} has no help"


@pytest.mark.parametrize("name", ["map", "places", "events"])
def test_commands_that_resolve_places_take_the_network_options(name):
    options = {opt for p in cli.commands[name].params for opt in p.opts}
    assert {"--offline", "--nominatim-url", "--user-agent", "--nominatim-timeout", "--learn",
            "--gazetteer"} <= options


# -- errors --------------------------------------------------------------------------------------

@pytest.fixture
def article(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("Shelling hit the outskirts of Qarvazan on Monday, officials said.\n", encoding="utf-8")
    return path


def test_a_bad_setting_in_the_environment_is_one_line_and_exit_1(article):
    result = run("places", article, "--offline", env={"GEOEVENTS_NOMINATIM_MISS_DAYS": "soon"})
    assert "GEOEVENTS_NOMINATIM_MISS_DAYS" in one_line_error(result)


def test_a_missing_gazetteer_is_one_line_and_exit_1(article, tmp_path):
    missing = tmp_path / "nowhere.sqlite"
    result = run("places", article, "--fast", "--offline", "--published", "2024-03-04", "--gazetteer", missing)
    assert str(missing) in one_line_error(result)
    result = run("gazetteer", "info", "--gazetteer", missing)
    assert str(missing) in one_line_error(result)


@needs_store
@pytest.mark.parametrize("options, says", [
    (["--user-agent", "my-application"], "sample User-Agent"),
    (["--user-agent", ""], "empty"),
    (["--user-agent", TEST_AGENT, "--nominatim-url", "ftp://geo.internal"], "http and https"),
])
def test_a_bad_nominatim_setting_is_one_line_and_exit_1(article, options, says):
    result = run("places", article, "--fast", "--published", "2024-03-04", "--gazetteer", STORE, *options)
    assert says in one_line_error(result)


def test_a_timeout_must_be_positive(article):
    result = run("places", article, "--nominatim-timeout", "0")
    assert result.exit_code == 2 and "--nominatim-timeout" in result.output


# -- network options reach Settings ------------------------------------------------------------------

@click.command()
@network_options
def settings_probe(**network):
    """Prints the Settings a command builds from the shared network options, as map and places do."""
    s = _settings(**network)
    click.echo(json.dumps({"learn": s.learn, "timeout": s.nominatim_timeout, "offline": s.offline}))


def probe(command, *args, env=None):
    result = CliRunner().invoke(command, list(args), env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_network_options_reach_settings_and_win_over_the_environment(monkeypatch):
    for name in ("GEOEVENTS_LEARN", "GEOEVENTS_NOMINATIM_TIMEOUT", "GEOEVENTS_OFFLINE"):
        monkeypatch.delenv(name, raising=False)
    assert probe(settings_probe) == {"learn": False, "timeout": 10.0, "offline": False}
    assert probe(settings_probe, "--learn", "--nominatim-timeout", "2.5", "--offline") == \
        {"learn": True, "timeout": 2.5, "offline": True}
    assert probe(settings_probe, env={"GEOEVENTS_LEARN": "1", "GEOEVENTS_OFFLINE": "1"}) == \
        {"learn": True, "timeout": 10.0, "offline": True}
    assert probe(settings_probe, "--nominatim-timeout", "4", env={"GEOEVENTS_NOMINATIM_TIMEOUT": "9"}) \
        == {"learn": False, "timeout": 4.0, "offline": False}


# -- the fallback end to end -------------------------------------------------------------------------

#: a hand-written answer for a town the gazetteer cannot know (the name is made up)
INVENTED = {"qarvazan": [{
    "place_id": 900001, "osm_type": "node", "osm_id": 987654321, "lat": "36.5500000", "lon": "44.1200000",
    "category": "place", "type": "town", "place_rank": 18, "addresstype": "town", "name": "Qarvazan",
    "display_name": "Qarvazan, Testland", "address": {"town": "Qarvazan", "country_code": "iq"},
    "extratags": {"population": "23000"}, "importance": 0.3}]}


@pytest.fixture
def isolated(tmp_path, no_proxy):
    """Environment for a run whose cache and user layer are the test's own."""
    return {"GEOEVENTS_CACHE_DIR": str(tmp_path / "cache"), "GEOEVENTS_USER_PLACES": str(tmp_path / "user.sqlite"),
            "GEOEVENTS_NOMINATIM_MIN_DELAY": "0", "GEOEVENTS_USER_AGENT": "", "GEOEVENTS_OFFLINE": "",
            "GEOEVENTS_LEARN": ""}


def places_of(result) -> dict:
    assert result.exit_code == 0, (result.output, result.exception)
    return {p["text"]: p for p in json.loads(result.stdout.splitlines()[0])["places"]}


def resolved(place) -> bool:
    return place is not None and place.get("lat") is not None


@needs_store
def test_a_name_the_gazetteer_lacks_is_asked_of_nominatim(article, isolated):
    common = ["places", article, "--published", "2024-03-04", "--gazetteer", STORE]
    assert not resolved(places_of(run(*common, "--offline", env=isolated)).get("Qarvazan"))
    with NominatimServer(INVENTED) as server:
        found = places_of(run(*common, "--nominatim-url", server.url, "--user-agent", TEST_AGENT, env=isolated))
        assert [r.params["q"] for r in server.requests] == ["Qarvazan"]
        assert server.requests[0].user_agent == TEST_AGENT
    q = found["Qarvazan"]
    assert (q["source"], q["country"], q["lat"], q["lon"]) == ("nominatim", "IQ", 36.55, 44.12)


@needs_store
def test_an_unreachable_server_leaves_the_name_unresolved_and_the_run_goes_on(article, isolated,
                                                                             refused_nominatim_url):
    result = run("places", article, "--published", "2024-03-04", "--gazetteer", STORE,
                 "--nominatim-url", refused_nominatim_url, "--user-agent", TEST_AGENT, env=isolated)
    assert not resolved(places_of(result).get("Qarvazan"))
    assert "Qarvazan" in result.stderr and "Traceback" not in result.output


@needs_store
def test_learn_keeps_the_answer_for_the_next_offline_run(article, isolated):
    """Needs the pipeline to call ``geocoder.learn(gazetteer)`` at the end of a run with --learn."""
    common = ["places", article, "--published", "2024-03-04", "--gazetteer", STORE]
    with NominatimServer(INVENTED) as server:
        run(*common, "--nominatim-url", server.url, "--user-agent", TEST_AGENT, "--learn", env=isolated)
    again = places_of(run(*common, "--offline", env=isolated)).get("Qarvazan")
    assert resolved(again), "--learn did not keep the Nominatim answer in the user layer"
    assert (again["lat"], again["lon"]) == (36.55, 44.12)


@needs_store
def test_the_default_run_sends_nothing_and_lists_the_unresolved_names_once(article, isolated):
    """Needs the pipeline to report ``geocoder.problems()`` at the end of a run."""
    with NominatimServer(INVENTED) as server:
        result = run("places", article, "--published", "2024-03-04", "--gazetteer", STORE,
                     "--nominatim-url", server.url, env=isolated)
        assert server.requests == []
    assert not resolved(places_of(result).get("Qarvazan"))
    said = [line for line in result.stderr.splitlines() if "Qarvazan" in line]
    assert len(said) == 1 and "--user-agent" in said[0], result.stderr


# -- the events command ------------------------------------------------------------------------------

@needs_store
def test_events_lists_each_articles_events_with_offsets_status_and_place(tmp_path, isolated):
    text = ("Militants shelled the outskirts of Kirkuk on Monday, killing three soldiers. "
            "The army said it would retaliate.")
    src = tmp_path / "n.jsonl"
    src.write_text(json.dumps({"id": "k1", "published": "2024-03-06", "text": text}) + "\n", encoding="utf-8")
    result = run("events", src, "--offline", "--gazetteer", STORE, env=isolated)
    assert result.exit_code == 0, (result.output, result.exception)
    (line,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert line["id"] == "k1"
    by_word = {e["trigger"]["text"]: e for e in line["events"]}
    shelled = next(e for e in line["events"] if e["type"] == "ASSAULT" and e["status"] == "occurred")
    t = shelled["trigger"]
    assert text[t["start"]:t["end"]] == t["text"]
    assert shelled["date"] == "2024-03-04" and shelled["time_precision"] == "day"
    assert shelled["place"]["text"] == "Kirkuk" and text[shelled["place"]["start"]:shelled["place"]["end"]] == "Kirkuk"
    assert shelled["fatalities"] == 3
    assert text[shelled["sentence"]["start"]:shelled["sentence"]["end"]].startswith("Militants")
    assert by_word["retaliate"]["status"] == "planned"


@needs_store
def test_given_triggers_give_exactly_one_event_each_in_the_order_given(tmp_path, isolated):
    text = "Rebels ambushed a convoy near Kirkuk on Monday, killing two drivers. The minister frowned."
    spans = [(text.index("frowned"), text.index("frowned") + 7), (text.index("killing"), text.index("killing") + 7),
             (text.index("ambushed"), text.index("ambushed") + 8)]
    src = tmp_path / "g.jsonl"
    src.write_text(json.dumps({"id": "g", "published": "2024-03-06", "text": text,
                               "triggers": [{"start": a, "end": b} for a, b in spans]}) + "\n", encoding="utf-8")
    result = run("events", src, "--offline", "--given-triggers", "--gazetteer", STORE, env=isolated)
    assert result.exit_code == 0, (result.output, result.exception)
    evs = json.loads(result.stdout)["events"]
    assert [(e["trigger"]["start"], e["trigger"]["end"]) for e in evs] == spans
    frowned, killing, ambushed = evs
    assert (frowned["type"], frowned["label"]) == ("OTHER", "other")  # a word the lexicon does not know
    assert ambushed["type"] == killing["type"] == "ASSAULT"  # the killing takes its cause's type
    assert ambushed["place"]["text"] == "Kirkuk"
    without = json.loads(run("events", src, "--offline", "--gazetteer", STORE, env=isolated).stdout)["events"]
    assert "frowned" not in {e["trigger"]["text"] for e in without}
