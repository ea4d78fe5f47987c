"""Reading articles: every format, and every way an input can be bad without stopping the batch."""

import datetime as dt
import json

import pytest

from geoevents.errors import InputError
from geoevents.ingest import html_to_text, parse_published, read_documents
from geoevents.model import Problem

PUB = dt.date(2021, 5, 3)


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def test_txt_takes_published_from_the_caller_and_keeps_text_as_read(tmp_path):
    text = "Floods hit the town of Alba on Sunday.\r\nSecond line.\n"
    write(tmp_path / "a.txt", text)
    docs, problems = read_documents([tmp_path / "a.txt"], published=PUB)
    assert problems == []
    (d,) = docs
    assert d.id == "a.txt"
    assert d.published == PUB
    assert d.text == "Floods hit the town of Alba on Sunday.\nSecond line.\n"
    assert d.title == "Floods hit the town of Alba on Sunday."


def test_markdown_front_matter_gives_date_and_title_and_keeps_offsets(tmp_path):
    md = "---\ntitle: Storm report\npublished: 2020-02-01\n---\nA storm hit Oslo.\n"
    write(tmp_path / "s.md", md)
    (d,), problems = read_documents([tmp_path / "s.md"], published=PUB)
    assert problems == []
    assert d.title == "Storm report"
    assert d.published == dt.date(2020, 2, 1)  # the file's own date wins over --published
    # the front matter is blanked, so offsets into d.text are offsets into the file
    assert d.text.index("Oslo") == md.index("Oslo")


def test_html_text_title_date_and_scripts_dropped(tmp_path):
    page = """<html><head><title>Quake &amp; aftershocks</title>
    <meta property="article:published_time" content="2023-02-07T05:00:00Z">
    <script>alert('x')</script></head>
    <body><nav>Menu</nav><p>A quake struck <b>Gaziantep</b> on Monday.</p><p>More&nbsp;text.</p>
    <footer>Reply</footer></body></html>"""
    write(tmp_path / "q.html", page)
    (d,), problems = read_documents([tmp_path / "q.html"])
    assert problems == []
    assert d.title == "Quake & aftershocks"
    assert d.published == dt.date(2023, 2, 7)
    assert "A quake struck Gaziantep on Monday." in d.text
    assert "alert" not in d.text and "Menu" not in d.text and "Reply" not in d.text
    assert "More text." in d.text


def test_jsonl_fields_ids_and_given_spans(tmp_path):
    rows = [
        {"id": "n1", "text": "Riots in Lyon.", "title": "T", "published": "2021-05-03T10:00:00Z",
         "url": "https://example.org/1", "toponyms": [{"start": 9, "end": 13}]},
        {"text": "No id here, in Rome.", "dct": "2021-05-04"},
    ]
    write(tmp_path / "c.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n\n")
    docs, problems = read_documents([tmp_path / "c.jsonl"])
    assert problems == []
    assert [d.id for d in docs] == ["n1", "c.jsonl:2"]
    assert docs[0].published == PUB and docs[0].url == "https://example.org/1"
    assert docs[0].given_spans == ((9, 13),)
    assert docs[0].given_triggers == () and docs[1].given_triggers == ()
    assert docs[0].text[9:13] == "Lyon"
    assert docs[1].published == dt.date(2021, 5, 4)


def test_jsonl_keeps_carriage_returns_so_given_offsets_stay_valid(tmp_path):
    text = "Line one.\r\nFloods in Porto."
    write(tmp_path / "c.jsonl", json.dumps({"id": "x", "text": text}) + "\n")
    (d,), _ = read_documents([tmp_path / "c.jsonl"])
    assert d.text == text


def test_csv_with_quoted_multiline_text(tmp_path):
    write(tmp_path / "c.csv", 'id,title,text,published,url\nk1,Title,"Line one,\nline two in Kyiv.",2022-04-09,\n')
    (d,), problems = read_documents([tmp_path / "c.csv"])
    assert problems == []
    assert d.id == "k1" and d.text == "Line one,\nline two in Kyiv." and d.published == dt.date(2022, 4, 9)
    assert d.url is None


def test_folder_reads_every_known_kind_and_skips_hidden_files(tmp_path):
    write(tmp_path / "a.txt", "Text one.")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "b.md", "Text two.")
    write(tmp_path / "notes.docx", b"PK\x03\x04")
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".git" / "c.txt", "hidden")
    docs, problems = read_documents([tmp_path], published=PUB)
    assert sorted(d.id for d in docs) == ["a.txt", "b.md"]
    assert problems == []


def test_bad_inputs_are_reported_by_path_and_the_batch_goes_on(tmp_path):
    good = write(tmp_path / "good.txt", "Fighting near Goma.")
    latin1 = write(tmp_path / "latin1.txt", "Caf\xe9 in Li\xe8ge", encoding="latin-1")
    binary = write(tmp_path / "bin.txt", b"\x00\x01\x02")
    empty = write(tmp_path / "empty.md", "   \n")
    lines = write(tmp_path / "rows.jsonl",
                  '{"id": "ok", "text": "Fine."}\n{broken\n["a list"]\n{"id": "nt"}\n'
                  '{"id": "bd", "text": "x", "published": "last week"}\n'
                  '{"id": "sp", "text": "short", "toponyms": [{"start": 2, "end": 99}]}\n')
    nocol = write(tmp_path / "nocol.csv", "a,b\n1,2\n")
    missing = tmp_path / "missing.txt"
    odd = write(tmp_path / "x.pdf", b"%PDF")
    docs, problems = read_documents([good, latin1, binary, empty, lines, nocol, missing, odd])
    assert [d.id for d in docs] == ["good.txt", "ok", "bd"]  # a bad date costs the date, not the article
    where = [p.where for p in problems]
    assert str(latin1) in where and str(binary) in where and str(empty) in where
    assert f"{lines}:2" in where and f"{lines}:3" in where and f"{lines}:4" in where
    assert f"{lines}:5" in where and f"{lines}:6" in where
    assert str(nocol) in where and str(missing) in where and str(odd) in where
    by_where = {p.where: p.message for p in problems}
    assert "UTF-8" in by_where[str(latin1)]
    assert "not an ISO date" in by_where[f"{lines}:5"]


@pytest.mark.skipif(__import__("os").geteuid() == 0, reason="root reads any file, whatever its mode")
def test_unreadable_file_is_reported(tmp_path):
    p = write(tmp_path / "locked.txt", "secret")
    p.chmod(0)
    docs, problems = read_documents([p])
    assert docs == [] and problems[0].where == str(p)


def test_duplicate_ids_are_renamed_and_reported(tmp_path):
    write(tmp_path / "a.jsonl", '{"id": "same", "text": "one"}\n{"id": "same", "text": "two"}\n')
    docs, problems = read_documents([tmp_path / "a.jsonl"])
    assert [d.id for d in docs] == ["same", "same#2"]
    assert "duplicate id" in problems[0].message


def test_utf16_with_bom_is_read(tmp_path):
    write(tmp_path / "u.txt", "\ufeffRains in Dhaka.", encoding="utf-16-le")
    (d,), problems = read_documents([tmp_path / "u.txt"])
    assert d.text == "Rains in Dhaka." and problems == []


@pytest.mark.parametrize("value,expected", [
    ("2020-01-04", dt.date(2020, 1, 4)),
    ("2020-01-04T23:59:00+05:00", dt.date(2020, 1, 4)),
    ("20200104", dt.date(2020, 1, 4)),
    ("", None),
    (None, None),
])
def test_parse_published(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["yesterday", "2020-13-01", "04/01/2020"])
def test_parse_published_rejects_non_iso(value):
    with pytest.raises(InputError):
        parse_published(value)


def test_html_to_text_keeps_paragraphs_apart():
    page = html_to_text("<p>One.</p><p>Two.</p><ul><li>Three</li></ul>")
    assert page.text.split("\n\n")[0] == "One."
    assert "Two." in page.text and "Three" in page.text


def test_jsonl_given_triggers_are_read_and_checked(tmp_path):
    rows = [{"id": "t", "text": "Riots in Lyon.", "triggers": [{"start": 0, "end": 5}]},
            {"id": "u", "text": "Riots in Lyon.", "triggers": [{"start": 3, "end": 99}]},
            {"id": "v", "text": "Riots in Lyon.", "triggers": [{"begin": 3}]}]
    write(tmp_path / "t.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
    docs, problems = read_documents([tmp_path / "t.jsonl"])
    assert [d.id for d in docs] == ["t"] and docs[0].given_triggers == ((0, 5),)
    assert [p.where.rsplit(":", 1)[1] for p in problems] == ["2", "3"]
    assert "outside the text" in problems[0].message and "'triggers'" in problems[1].message


# -- hostile input: one bad line or row costs that line, never the collection or the run ----------

def test_lone_surrogates_in_text_and_id_are_read_as_replacement_characters(tmp_path):
    write(tmp_path / "s.jsonl", json.dumps({"id": "a\ud800", "text": "Bombs hit Mosul \udfff today."}) + "\n"
          + json.dumps({"id": "b", "text": "Riots in Lyon."}) + "\n")
    docs, problems = read_documents([tmp_path / "s.jsonl"])
    assert [d.id for d in docs] == ["a\ufffd", "b"]
    assert docs[0].text == "Bombs hit Mosul \ufffd today."  # one character for one: offsets hold
    docs[0].text.encode("utf-8")
    assert {p.where for p in problems} == {f"{tmp_path / 's.jsonl'}:1"}
    assert all("surrogate" in p.message and p.kind == "warning" for p in problems)


@pytest.mark.parametrize("field", ["toponyms", "triggers"])
@pytest.mark.parametrize("value", [5, "0-4", {"start": 0, "end": 4}, True, [{"start": float("inf"), "end": 4}]])
def test_given_spans_that_are_not_a_list_skip_their_line_only(tmp_path, field, value):
    write(tmp_path / "t.jsonl", json.dumps({"id": "bad", "text": "Riots in Lyon.", field: value}) + "\n"
          + json.dumps({"id": "ok", "text": "Riots in Lyon."}) + "\n")
    docs, problems = read_documents([tmp_path / "t.jsonl"])
    assert [d.id for d in docs] == ["ok"]
    (p,) = problems
    assert p.where.endswith("t.jsonl:1") and f"'{field}'" in p.message and p.kind == "error"


def test_a_latin1_byte_or_a_nul_costs_only_its_jsonl_line(tmp_path):
    data = (b'{"id": "a", "text": "Riots in Lyon."}\n'
            b'{"id": "b", "text": "Caf\xe9 in Paris."}\n'
            b'{"id": "c", "text": "A\x00 in Rome."}\n'
            b'{"id": "d", "text": "Floods in Porto."}\n')
    write(tmp_path / "m.jsonl", data)
    docs, problems = read_documents([tmp_path / "m.jsonl"])
    assert [d.id for d in docs] == ["a", "d"]
    by_where = {p.where: p.message for p in problems}
    assert set(by_where) == {f"{tmp_path / 'm.jsonl'}:2", f"{tmp_path / 'm.jsonl'}:3"}
    assert "UTF-8" in by_where[f"{tmp_path / 'm.jsonl'}:2"] and "NUL" in by_where[f"{tmp_path / 'm.jsonl'}:3"]


def test_a_latin1_byte_or_a_nul_costs_only_its_csv_row(tmp_path):
    data = (b'id,text\n'
            b'a,Riots in Lyon.\n'
            b'b,"Caf\xe9 in\nParis."\n'
            b'c,A\x00 in Rome.\n'
            b'd,Floods in Porto.\n')
    write(tmp_path / "m.csv", data)
    docs, problems = read_documents([tmp_path / "m.csv"])
    assert [d.id for d in docs] == ["a", "d"]
    assert [p.where.rsplit(":", 1)[1] for p in problems] == ["4", "5"]
    assert "UTF-8" in problems[0].message and "NUL" in problems[1].message


def test_a_bad_byte_in_a_text_file_is_named_by_line_and_column(tmp_path):
    p = write(tmp_path / "l.txt", "First line.\nCaf\xe9 here.\n", encoding="latin-1")
    docs, (problem,) = read_documents([p])
    assert docs == [] and "line 2, column 4" in problem.message


def test_an_unterminated_csv_quote_is_reported_and_the_rows_after_it_are_read(tmp_path):
    write(tmp_path / "q.csv", 'id,text\na,Riots in Lyon.\nb,"Floods in Porto.\nc,Fire in Oslo.\nd,Quake in Lima.\n')
    docs, problems = read_documents([tmp_path / "q.csv"])
    assert [d.id for d in docs] == ["a", "c", "d"]
    (p,) = problems
    assert p.where.endswith("q.csv:3") and "never closed" in p.message


def test_html_without_closing_head_still_has_its_text(tmp_path):
    write(tmp_path / "h.html", "<html><head><title>Quake</title><meta charset=utf-8>\n"
                               "<body><p>A quake struck Gaziantep on Monday.</p></body></html>")
    (d,), problems = read_documents([tmp_path / "h.html"])
    assert problems == [] and d.title == "Quake"
    assert d.text == "A quake struck Gaziantep on Monday."
    page = html_to_text("<head><title>T</title><p>Body text without a body tag.")
    assert page.text == "Body text without a body tag." and page.title == "T"


def test_duplicate_ids_are_renamed_to_ids_no_other_article_has(tmp_path):
    rows = [{"id": "dup", "text": "one"}, {"id": "dup", "text": "two"}, {"id": "dup#2", "text": "three"},
            {"id": "dup", "text": "four"}]
    write(tmp_path / "d.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    docs, problems = read_documents([tmp_path / "d.jsonl"])
    assert [d.id for d in docs] == ["dup", "dup#3", "dup#2", "dup#4"]
    assert len({d.id for d in docs}) == 4
    assert [p.message for p in problems] == ["duplicate id 'dup' renamed 'dup#3'",
                                             "duplicate id 'dup' renamed 'dup#4'"]


@pytest.mark.parametrize("value", ["2020-13-45", "yesterday", "9999-99-99", 2020, {"y": 2020}])
def test_an_invalid_published_keeps_the_article_undated_with_a_warning(tmp_path, value):
    write(tmp_path / "p.jsonl", json.dumps({"id": "x", "text": "Riots in Lyon.", "published": value}) + "\n")
    (d,), (p,) = read_documents([tmp_path / "p.jsonl"])
    assert d.published is None and p.kind == "warning" and "without a publication date" in p.message
    write(tmp_path / "p.md", "---\npublished: 2020-13-45\n---\nRiots in Lyon.\n")
    (d,), (p,) = read_documents([tmp_path / "p.md"], published=PUB)
    assert d.published is None and "without a publication date" in p.message


def test_a_nul_or_control_character_in_an_id_is_replaced(tmp_path):
    write(tmp_path / "n.jsonl", json.dumps({"id": "a\u0000b\tc", "text": "Riots in Lyon."}) + "\n")
    (d,), (p,) = read_documents([tmp_path / "n.jsonl"])
    assert d.id == "a\ufffdb\ufffdc" and "control characters" in p.message


def test_json_nested_too_deep_or_with_a_huge_number_costs_its_line(tmp_path):
    write(tmp_path / "j.jsonl", "[" * 100_000 + "]" * 100_000 + "\n" + '{"id": ' + "9" * 5000 + ', "text": "x"}\n'
          + json.dumps({"id": "ok", "text": "Riots in Lyon."}) + "\n")
    docs, problems = read_documents([tmp_path / "j.jsonl"])
    assert [d.id for d in docs] == ["ok"]
    assert [p.where.rsplit(":", 1)[1] for p in problems] == ["1", "2"]


def test_csv_fields_keep_unicode_line_separators(tmp_path):
    write(tmp_path / "u.csv", "id,text\na,Riots in Lyon\u2028and Paris.\x85\nb,Floods in Porto.\n")
    docs, problems = read_documents([tmp_path / "u.csv"])
    assert problems == [] and [d.text for d in docs] == ["Riots in Lyon\u2028and Paris.\x85", "Floods in Porto."]


def test_a_first_line_that_begins_like_a_utf16_mark_costs_only_that_line(tmp_path):
    write(tmp_path / "b.jsonl", b"\xfe\xff\n" + json.dumps({"id": "ok", "text": "Riots in Lyon."}).encode() + b"\n")
    docs, problems = read_documents([tmp_path / "b.jsonl"])
    assert [d.id for d in docs] == ["ok"] and [p.where.rsplit(":", 1)[1] for p in problems] == ["1"]
    write(tmp_path / "u.jsonl", (json.dumps({"id": "u", "text": "Rains in Dhaka."}) + "\n").encode("utf-16"))
    (d,), problems = read_documents([tmp_path / "u.jsonl"])
    assert d.id == "u" and problems == []


# -- big collections: gzip, Parquet, read lazily ------------------------------------------------------

ROWS = [{"id": "a", "text": "Floods hit Dhaka on Monday.", "title": "Floods", "published": "2024-03-04"},
        {"id": "a", "text": "Protesters marched in Basra.", "published": "2024-03-05", "url": "https://x.org/b"},
        {"id": "c", "text": "", "published": "2024-03-05"}]


def test_gzipped_jsonl_and_csv_read_as_the_plain_files(tmp_path):
    import csv as csv_module
    import gzip

    plain = tmp_path / "news.jsonl"
    plain.write_text("".join(json.dumps(r) + "\n" for r in ROWS))
    (tmp_path / "gz").mkdir()
    gz = tmp_path / "gz" / "news.jsonl.gz"
    gz.write_bytes(gzip.compress(plain.read_bytes()))
    docs, problems = read_documents([plain])
    gz_docs, gz_problems = read_documents([gz])
    assert [(d.id, d.text, d.published) for d in gz_docs] == [(d.id, d.text, d.published) for d in docs]
    assert [p.message for p in gz_problems] == [p.message for p in problems]
    assert len(docs) == 2 and gz_docs[1].id == "a#2"
    table = tmp_path / "news.csv.gz"
    with gzip.open(table, "wt", newline="") as f:
        writer = csv_module.DictWriter(f, ["id", "text", "published"])
        writer.writeheader()
        writer.writerows({k: r[k] for k in ("id", "text", "published")} for r in ROWS)
    assert [d.text for d in read_documents([table])[0]] == [d.text for d in docs]


def test_a_broken_gzip_file_is_a_problem_not_a_traceback(tmp_path):
    import gzip

    bad = tmp_path / "news.jsonl.gz"
    bad.write_bytes(gzip.compress(b'{"id": "a", "text": "Floods hit Dhaka."}\n' * 50)[:-30])
    docs, problems = read_documents([bad])
    assert problems and "cannot be read further" in problems[-1].message
    worse = tmp_path / "worse.csv.gz"
    worse.write_bytes(b"not gzip at all")
    docs, problems = read_documents([worse])
    assert docs == [] and "gzip" in problems[0].message


def test_parquet_rows_are_read_with_the_jsonl_fields(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = tmp_path / "news.parquet"
    table = pa.table({"id": [r["id"] for r in ROWS], "text": [r["text"] for r in ROWS],
                      "published": [dt.date.fromisoformat(r["published"]) for r in ROWS],
                      "extra": [1, 2, 3]})
    pq.write_table(table, path)
    docs, problems = read_documents([path])
    assert [(d.id, d.text, d.published) for d in docs] == [("a", ROWS[0]["text"], dt.date(2024, 3, 4)),
                                                          ("a#2", ROWS[1]["text"], dt.date(2024, 3, 5))]
    assert any("no 'text'" in p.message and p.where.endswith("row 3") for p in problems)
    (tmp_path / "junk.parquet").write_bytes(b"PAR1 not really")
    docs, problems = read_documents([tmp_path / "junk.parquet"])
    assert docs == [] and "Parquet" in problems[0].message


def test_streaming_gives_what_reading_all_gives(tmp_path):
    from geoevents.ingest import stream_documents

    plain = tmp_path / "news.jsonl"
    plain.write_text("".join(json.dumps(r) + "\n" for r in ROWS * 3) + "not json\n")
    docs, problems = read_documents([plain])
    streamed = list(stream_documents([plain]))
    assert [x for x in streamed if not isinstance(x, Problem)] == docs
    assert sorted(p.message for p in streamed if isinstance(p, Problem)) == sorted(p.message for p in problems)
