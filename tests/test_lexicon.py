"""CC-CEDICT glosses compiled to a cache, the English stemmer, pinyin."""

from __future__ import annotations

import os
from pathlib import Path

from ipdoc import lexicon


def test_stem_folds_inflections_and_common_suffixes():
    assert lexicon.stem("Platforms") == lexicon.stem("platform")
    assert lexicon.stem("sharing") == lexicon.stem("shared") == lexicon.stem("share")
    assert lexicon.stem("went") == "go" and lexicon.stem("children") == "child"
    assert lexicon.stem("data") == "data" and lexicon.stem("the") == "the"
    assert lexicon.stem("governments'") == lexicon.stem("government")


def test_glosses_come_from_cc_cedict_and_unknown_words_are_split():
    assert lexicon.stem("share") in lexicon.glosses("共享")
    assert lexicon.stem("data") in lexicon.glosses("数据")
    joined = lexicon.glosses("数据共享平台")  # not an entry: its known parts are used
    assert lexicon.stem("data") in joined and lexicon.stem("platform") in joined
    assert lexicon.in_dictionary("数据") and not lexicon.in_dictionary("数据共享平台")
    assert any("data" in d for d in lexicon.definitions("数据"))
    assert lexicon.definitions("不是一个词的字符串") == []


def test_the_compiled_dictionary_lives_in_the_cache_folder():
    lexicon.glosses("数据")
    cache = Path(os.environ["IPDOC_CACHE"]) / "ipdoc"
    assert any(p.name.startswith("cedict-entries-") for p in cache.iterdir())


def test_pinyin_without_tones():
    assert lexicon.pinyin("陈清扬") == ("chen", "qing", "yang")


def test_pinyin_is_kept_for_the_next_run_which_then_needs_no_pypinyin(tmp_path):
    import subprocess
    import sys

    script = ("import sys\nfrom ipdoc import lexicon\n"
              "print(' '.join(lexicon.pinyin('陈清扬')), ' '.join(lexicon.pinyin('重庆市')),\n"
              "      'pypinyin' in sys.modules)")
    env = {**os.environ, "IPDOC_CACHE": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    again = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert first.stdout.split() == ["chen", "qing", "yang", "chong", "qing", "shi", "True"]
    assert again.stdout.split() == ["chen", "qing", "yang", "chong", "qing", "shi", "False"]
    assert list((tmp_path / "ipdoc").glob("pinyin-*.marshal"))
    # a damaged entry is not trusted: pypinyin is asked again
    import marshal

    kept = next((tmp_path / "ipdoc").glob("pinyin-*.marshal"))
    kept.write_bytes(marshal.dumps({"陈清扬": [1, 2], "重庆市": "x"}))
    damaged = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert damaged.stdout.split() == ["chen", "qing", "yang", "chong", "qing", "shi", "True"]


def test_a_damaged_dictionary_cache_is_built_again(tmp_path):
    import subprocess
    import sys

    env = {**os.environ, "IPDOC_CACHE": str(tmp_path)}
    script = "from ipdoc import lexicon; print(lexicon.in_dictionary('数据'), len(lexicon.glosses('数据')) > 0)"
    assert subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                          timeout=300).stdout.split() == ["True", "True"]
    (kept,) = (tmp_path / "ipdoc").glob("cedict-entries-*.marshal")
    kept.write_bytes(b"\x00not marshal")
    again = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert again.stdout.split() == ["True", "True"] and again.stderr == ""
    import marshal

    kept.write_bytes(marshal.dumps(["a", "list"]))
    again = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert again.stdout.split() == ["True", "True"] and again.stderr == ""
