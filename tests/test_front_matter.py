"""The front-matter contract, checked without Sphinx (the same code the build runs)."""

import datetime as dt


import pytest




from post_catalog import front_matter  # noqa: E402


def problems(text: str) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in front_matter.parse(text).problems]


def test_valid_front_matter_gives_fields():
    meta = front_matter.parse("---\ndate: 2024-03-18\nupdated: 2024-06-01\n"
                              "tags: [生成模型, Flow]\nsummary: 一句话。\npinned: true\n---\n# T\n")
    assert meta.problems == []
    assert (meta.date, meta.updated) == (dt.date(2024, 3, 18), dt.date(2024, 6, 1))
    assert meta.tags == ("生成模型", "Flow")
    assert (meta.summary, meta.pinned, meta.draft) == ("一句话。", True, False)


@pytest.mark.parametrize(("text", "line", "expected"), [
    ("---\ndate: 2024/3/18\n---\n", 2, "'date' must be an ISO date like 2024-03-18, got '2024/3/18'"),
    ("---\ndate: 2024-3-18\n---\n", 2, "got '2024-3-18'"),
    ("---\ndate: 2024-02-30\n---\n", 2, "got '2024-02-30'"),
    ("---\ntags: [a]\n---\n", 2, "missing required 'date'"),
    ("# Title only\n", 1, "no front matter"),
    ("---\ndate: 2024-01-01\ntag: [a]\n---\n", 3, "unknown front-matter key 'tag' (did you mean 'tags'?)"),
    ("---\ndate: 2024-01-01\ndata: x\n---\n", 3, "unknown front-matter key 'data' (did you mean 'date'?)"),
    ("---\ndate: 2024-05-01\nupdated: 2024-04-01\n---\n", 3, "'updated' (2024-04-01) must not be before 'date'"),
    ("---\ndate: 2024-01-01\ntags: 生成模型\n---\n", 3, "'tags' must be a list of strings"),
    ("---\ndate: 2024-01-01\ntags: [a, 3]\n---\n", 3, "'tags' must be a list of strings"),
    ("---\ndate: 2024-01-01\nsummary: [a]\n---\n", 3, "'summary' must be a non-empty string"),
    ("---\ndate: 2024-01-01\npinned: maybe\n---\n", 3, "'pinned' must be true or false, got 'maybe'"),
    ("---\ndate: 2024-01-01\ndraft: 1\n---\n", 3, "'draft' must be true or false, got '1'"),
    ("---\ndate: 2024-01-01\ntags: [a, b\n---\n", 3, "front matter is not valid YAML"),
    ("---\ndate: 2024-01-01\ndate: 2024-01-02\n---\n", 3, "'date' is given twice"),
])
def test_each_problem_is_one_located_message(text, line, expected):
    found = problems(text)
    assert len(found) == 1, found
    assert found[0][0] == line
    assert expected in found[0][1]


def test_bad_field_does_not_discard_good_ones():
    meta = front_matter.parse("---\ndate: 2024-01-01\ntags: oops\nsummary: 好的摘要\n---\n")
    assert meta.date == dt.date(2024, 1, 1)
    assert meta.summary == "好的摘要"
    assert meta.tags == ()
