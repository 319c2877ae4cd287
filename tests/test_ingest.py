"""Ingest: files → documents (formats, encodings, bad input) → articles
(headlines, bylines, spans) on the seed pages and on pages made up here.

Encoded fixtures are written into tmp_path by the tests, so no binary file is
committed. The gold files in ../shared/gold are compared where they exist.
"""
from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kg.errors import KGError
from kg.decoding import chinese_share, decode, decode_with_encoding
from kg.ingest import Byline, page_rules, parallel, parse_byline, split_articles
from kg.lexicon import read_lexicon
from kg.reading import iso_date, read_inputs
from kg.model import Document

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = ROOT.parent / "shared" / "gold"

# What a careful reader finds on each seed page: (title, reporters, correspondents).
EXPECTED = {
    "000_9d9972b1f00130c9.txt": [
        ("峡窝镇战“疫”情 严防严控出实招", [], ["高香玲"]),
        ("暖心服务获赞誉 ——记商业街社区党支部的抗疫故事", [], []),
        ("在防控疫情阻击战中展示检察担当", [], ["韩毅"]),
        ("产业集聚区党工委 服务企业疫情防控 全力助推复工复产", ["刘丽军"], ["白珂"]),
        ("局委办劲行捷踪", [], ["李伟娴", "李鑫玙", "杨红英", "乔阳", "秦红阳"]),
        (None, ["雷霄", "许峰"], []),
        ("济源路街道 细心热心贴心 居家隔离不隔心", [], ["禹建杰"]),
    ],
    "001_6f56a82d68c31997.txt": [
        ("商务中心区：忠诚担当 敢打硬仗 勇当疫情防控急先锋", ["李一"], ["张宏伟"]),
        ("大李庄乡：扛牢政治责任 筑牢防控屏障", ["李一"], ["尚东方"]),
        ("白潭镇：共克时艰战疫情 严防严控守净土", ["李一"], ["赵新春"]),
        ("崔桥镇：举全镇之力密织抗疫防护网", ["李一"], ["冯永西"]),
    ],
    # One feature: the page's photo captions and its three section heads are no articles.
    "002_ab5d80c09a5a02fe.txt": [
        ("中原区航海西路街道确保防疫工作高效运转 党员干部冲在前 筑牢防控“安全线”",
         ["董占卿"], ["任彦彦", "孙焕平"]),
    ],
    "003_e0eea08fd75f2ef3.txt": [
        ("市领导督导我区新冠肺炎疫情防控工作", ["雷霄", "许峰"], []),
        ("我区召开新冠肺炎疫情防控工作领导小组会议", ["许峰"], ["李德昭"]),
        ("区领导察看新冠肺炎疫情防控工作", ["李立营", "雷霄"], []),
        ("我区召开新冠肺炎疫情防控工作调度会", ["刘丽军", "许峰"], []),
        ("区领导夜查新冠肺炎疫情防控工作", ["刘丽军", "雷霄", "许峰"], []),
        ("94岁老党员捐款2万元助力抗击疫情", ["崔玉琳"], []),
        ("要闻简报", ["许峰", "崔玉琳"], []),
        ("各级党组织“三方发力”保障企业复工复产", [], []),
    ],
    # A markdown feature page: "# 共赴春光 疫战到底" is the page's banner, the
    # short lines around it photo captions, "###" its sections.
    "004_bd8e14473883b97b.txt": [
        ("荥阳市贾峪镇: 凝心聚力抗疫情 同舟共济克时艰", ["姚辉常"], ["王伟萍", "巩琳"]),
    ],
}


def seed_articles(name: str):
    [doc] = read_inputs([SEEDS / name])
    return doc, split_articles(doc)


def summary(articles):
    return [(a.title, a.reporters, a.correspondents) for a in articles]


# ------------------------------------------------------------- seed pages

@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_page_titles_and_bylines(name):
    _, articles = seed_articles(name)
    assert summary(articles) == EXPECTED[name]
    assert [a.index for a in articles] == list(range(len(articles)))


@pytest.mark.parametrize("name", ["000_9d9972b1f00130c9.txt", "001_6f56a82d68c31997.txt",
                                  "003_e0eea08fd75f2ef3.txt"])
def test_seed_pages_match_gold(name):
    gold_file = GOLD / name.replace(".txt", ".json")
    if not gold_file.exists():
        pytest.skip("../shared/gold is not beside the repository")
    gold = json.loads(gold_file.read_text(encoding="utf-8"))["articles"]
    _, articles = seed_articles(name)
    assert summary(articles) == [(g["title"], g["reporters"], g["correspondents"]) for g in gold]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_spans_hold_the_body_and_not_the_headline(name):
    doc, articles = seed_articles(name)
    ends = [0]
    for article in articles:
        assert 0 <= article.start < article.end <= len(doc.text)
        assert article.start >= ends[-1], "articles do not overlap and stay in page order"
        ends.append(article.end)
        body = doc.text[article.start:article.end]
        assert body == article.text and body == body.strip()
        if article.title:       # the body begins on the line after the headline
            assert doc.text[:article.start].rstrip().endswith(article.title.split(" ")[-1])
        assert "值班编辑" not in body and "新闻热线" not in body


def test_seed_000_spans_start_after_headline_and_end_with_byline():
    doc, articles = seed_articles("000_9d9972b1f00130c9.txt")
    first, continued = articles[0], articles[5]
    assert first.text.startswith("新冠肺炎疫情发生以来，为全力保障")
    assert first.text.endswith("峡窝镇抗“疫”战士！（通讯员 高香玲）")
    assert "稳民心 定军心 疫情面前不慌张" in first.text      # a section head stays in the body
    assert continued.text.startswith("会议指出，要深刻领会")   # （上接一版） itself is left out
    assert continued.text.endswith("（记者 雷霄 许峰）")
    column = articles[4]
    assert column.text.count("●") == 2


def test_seed_001_captions_are_neither_titles_nor_article_ends():
    _, articles = seed_articles("001_6f56a82d68c31997.txt")
    assert articles[0].text.endswith("许峰如是说。")          # the caption after it is left out
    assert "扶沟县商务中心区召开疫情防控工作推进会" in articles[0].text   # a caption inside the body
    assert all("消毒" not in (a.title or "") for a in articles)


def test_seed_pages_have_no_date():
    _, articles = seed_articles("003_e0eea08fd75f2ef3.txt")
    assert {a.date for a in articles} == {None}


# --------------------------------------------------- pages of the same genre

PAGE_WITH_DATELINES = """\


责任编辑 张晓明  校对 李红

2020年3月5日 星期四

我县召开疫情防控工作推进会

本报讯（记者 王海涛 通讯员 赵丽）3月4日，县委书记刘建国主持召开全县疫情防控工作推进会。

会议要求，各乡镇要压实责任，严格落实各项防控措施，确保不漏一户、不漏一人。

战疫一线党旗红

——记城关镇东关村党支部书记陈志强

本报记者 孙宏 实习生 吴倩

疫情发生以来，陈志强每天坚守在村口卡点，吃住都在村里。

一、守好村口第一道关

东关村地处城乡结合部，人员流动大。陈志强带领村干部设立卡点，二十四小时轮班值守。

二、暖心服务送上门

针对居家隔离群众，村里建立了代购服务队，为群众送菜送药。

图为陈志强在卡点为过往群众测量体温 本报记者 孙宏 摄

石桥镇：多措并举保春耕

本报讯 记者 周勇 通讯员 郑芳 3月3日，石桥镇组织农技人员深入田间地头，指导群众开展春耕生产。

目前，全镇已完成春播面积两万余亩。

（下转第二版）
"""


def page(text: str, name: str = "page.txt") -> list:
    return split_articles(Document(name=name, text=text, path=name))


def test_datelines_subtitles_numbered_sections_and_photo_credits():
    articles = page(PAGE_WITH_DATELINES)
    assert summary(articles) == [
        ("我县召开疫情防控工作推进会", ["王海涛"], ["赵丽"]),
        ("战疫一线党旗红 ——记城关镇东关村党支部书记陈志强", ["孙宏"], []),
        ("石桥镇：多措并举保春耕", ["周勇"], ["郑芳"]),
    ]
    assert {a.date for a in articles} == {"2020-03-05"}      # the page's date line
    assert "图为" not in articles[1].text                    # a caption after the last paragraph
    assert "下转" not in articles[2].text


def test_headline_with_a_bracketed_byline_under_it():
    text = ("凝心聚力战疫情\n\n（记者 张伟 通讯员 刘洋）\n\n近日，城关镇组织党员志愿者深入社区开展疫情防控工作。\n\n"
            "志愿者们分成若干小组，为居民测量体温、登记信息。\n\n复工复产按下快进键\n\n（记者 李娜）\n\n"
            "连日来，县产业集聚区企业陆续复工复产。\n")
    assert summary(page(text)) == [("凝心聚力战疫情", ["张伟"], ["刘洋"]),
                                   ("复工复产按下快进键", ["李娜"], [])]


def test_article_without_byline_followed_by_one_with_a_trailing_byline():
    text = ("老党员的抗疫日记\n\n正月初二，他主动请缨到卡点值守。\n\n稳民心 定军心\n\n他说，党员就要冲在前。\n\n"
            "细排查 严防控\n\n他每天记录进出人员。\n\n志愿服务暖人心\n\n社区志愿者为居民送菜上门。\n\n（通讯员 王芳）\n")
    assert summary(page(text)) == [("老党员的抗疫日记", [], []), ("志愿服务暖人心", [], ["王芳"])]


def test_markdown_levels_banner_articles_sections():
    text = ("# 战疫特刊\n\n\n\n志愿者在卡点\n\n## 第一篇报道\n\n第一段正文，讲述了防控工作。\n\n"
            "### 小标题甲\n\n更多正文。\n\n（记者 甲乙）\n\n## 第二篇报道\n\n"
            "——副题在此\n\n第二篇的正文。\n\n（通讯员 丙丁）\n")
    assert summary(page(text, "page.md")) == [("第一篇报道", ["甲乙"], []),
                                               ("第二篇报道 ——副题在此", [], ["丙丁"])]


def test_continuation_piece_has_no_title_and_headline_over_mark_keeps_it():
    text = "（上接第一版）\n\n会议强调，要抓好落实。\n\n（记者 张伟）\n\n春耕正当时\n\n（上接第一版）\n\n田间一片忙碌。\n"
    assert summary(page(text)) == [(None, ["张伟"], []), ("春耕正当时", [], [])]


def test_body_without_any_headline_is_one_untitled_article():
    text = "这是续前页的一段正文，没有标题。\n\n又一段正文，说明情况。\n"
    [article] = page(text)
    assert article.title is None and article.text == text.strip()


def test_crlf_page_keeps_offsets_into_the_text():
    text = (SEEDS / "003_e0eea08fd75f2ef3.txt").read_text(encoding="utf-8").replace("\n", "\r\n")
    articles = page(text)
    assert summary(articles) == EXPECTED["003_e0eea08fd75f2ef3.txt"]
    assert articles[0].text.startswith("2月15日,副市长") and articles[0].text.endswith("(记者 雷霄 许峰)")


# --------------------------------------------------------------- bylines

@pytest.mark.parametrize("text, reporters, correspondents", [
    ("记者 李一 通讯员 张宏伟", ["李一"], ["张宏伟"]),
    ("郑报全媒体记者 董占卿", ["董占卿"], []),
    ("通讯员 任彦彦 孙焕平 文图", [], ["任彦彦", "孙焕平"]),
    ("通讯员 王伟萍 巩琳 文/图", [], ["王伟萍", "巩琳"]),
    ("记者 刘丽军 雷霄 许峰", ["刘丽军", "雷霄", "许峰"], []),
    ("本报记者 孙宏 实习生 吴倩", ["孙宏"], []),
    ("特约记者 张三、李四", ["张三", "李四"], []),
    ("记者：张三", ["张三"], []),
    ("通讯员 阿不都·热合曼", [], ["阿不都·热合曼"]),
])
def test_byline_forms(text, reporters, correspondents):
    assert parse_byline(text, page_rules()) == Byline(tuple(reporters), tuple(correspondents))


@pytest.mark.parametrize("text", ["记者了解到，这次会议在县城召开。", "记者从县卫健委获悉", "通讯员队伍不断壮大",
                                  "记者手记", "最美记者 风采展示"])
def test_prose_is_no_byline(text):
    assert parse_byline(text, page_rules()) is None


def test_glued_names_only_inside_brackets():
    rules = page_rules()
    assert parse_byline("记者手记", rules) is None            # a column head
    assert parse_byline("记者李一通讯员张宏伟", rules, strict=False) == Byline(("李一",), ("张宏伟",))
    assert parse_byline("通讯员 区委宣传部", rules, strict=False) == Byline()   # a unit, not a person
    assert parse_byline("通讯员 区委宣传部", rules) is None


def test_trailing_bylines_with_full_and_half_width_brackets():
    for close in ("（通讯员 高香玲）", "(通讯员 高香玲)", "（ 通讯员 高香玲 ）"):
        text = f"标题在此\n\n正文一段，说明情况。{close}\n"
        assert summary(page(text)) == [("标题在此", [], ["高香玲"])]


def test_section_heads_are_parallel_and_headlines_are_not():
    rules = page_rules()
    assert parallel("稳民心 定军心 疫情面前不慌张", "细摸排 巧施策 精准防控筑起阻击疫情一线防线", rules)
    assert parallel("守土有责 迅速织就战“疫”网格", "守土负责 打响 24 小时防控阻击战", rules)
    assert parallel("细心筑起安全网", "热心建起守望情", rules)
    assert parallel("一、守好村口第一道关", "二、暖心服务送上门", rules)
    assert not parallel("守土尽责 用爱与温暖撑起一片天", "在防控疫情阻击战中展示检察担当", rules)


# ------------------------------------------------------- formats and folders

def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_jsonl_items_are_documents_and_one_article_each(tmp_path):
    lines = [
        {"id": "a1", "date": "2021-01-01", "title": "标题一", "text": "第一条新闻正文。", "source": "x"},
        {"text": "  第二条，没有编号和标题。\n第二行。  ", "date": "2021年2月3日"},
        {"id": 7, "title": "  标题  三 ", "text": "第三条正文。（记者 张三）", "date": "not a date"},
    ]
    corpus = write(tmp_path / "news.jsonl",
                   "\n".join(json.dumps(x, ensure_ascii=False) for x in lines[:2]) + "\n\n"
                   + json.dumps(lines[2], ensure_ascii=False) + "\n")
    docs = read_inputs([corpus])
    assert [d.name for d in docs] == ["news.jsonl#a1", "news.jsonl#2", "news.jsonl#7"]
    assert [d.id for d in docs] == ["a1", None, "7"]
    assert [d.date for d in docs] == ["2021-01-01", "2021-02-03", None]
    assert [d.title for d in docs] == ["标题一", None, "标题 三"]
    assert docs[1].text == lines[1]["text"]                   # never normalised
    articles = [a for d in docs for a in split_articles(d)]
    assert [(a.title, a.date, a.index) for a in articles] == [
        ("标题一", "2021-01-01", 0), (None, "2021-02-03", 0), ("标题 三", None, 0)]
    second = articles[1]
    assert second.doc.text[second.start:second.end] == "第二条，没有编号和标题。\n第二行。"
    assert articles[2].reporters == ["张三"]


def test_jsonl_duplicate_ids_stay_distinct(tmp_path):
    corpus = write(tmp_path / "d.jsonl", '{"id": "x", "text": "一"}\n{"id": "x", "text": "二"}\n')
    assert [d.name for d in read_inputs([corpus])] == ["d.jsonl#x", "d.jsonl#x@2"]


def test_folders_are_searched_recursively_in_sorted_order(tmp_path):
    write(tmp_path / "b" / "2.txt", "乙页正文。")
    write(tmp_path / "a.md", "## 甲\n\n甲页正文。")
    write(tmp_path / "b" / "1.jsonl", '{"text": "条目正文。"}\n')
    write(tmp_path / "b" / "notes.pdf", b"%PDF-1.4")
    write(tmp_path / ".hidden" / "x.txt", "隐藏。")
    docs = read_inputs([tmp_path, tmp_path / "a.md"])        # a file named twice is read once
    assert [d.name for d in docs] == ["a.md", "1.jsonl#1", "2.txt"]


# ----------------------------------------------------------------- encodings

PAGE_003 = (SEEDS / "003_e0eea08fd75f2ef3.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding, data", [
    ("utf-8", PAGE_003.encode("utf-8")),
    ("utf-8", codecs.BOM_UTF8 + PAGE_003.encode("utf-8")),
    ("utf-16-le", codecs.BOM_UTF16_LE + PAGE_003.encode("utf-16-le")),
    ("utf-16-be", codecs.BOM_UTF16_BE + PAGE_003.encode("utf-16-be")),
    ("utf-16-le", PAGE_003.encode("utf-16-le")),
    ("utf-16-be", PAGE_003.encode("utf-16-be")),
    ("gb18030", PAGE_003.encode("gb18030")),
    ("gb18030", PAGE_003.encode("gbk")),
], ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le", "utf-16-be",
        "gb18030", "gbk"])
def test_encodings_are_detected_from_the_bytes(tmp_path, encoding, data):
    path = write(tmp_path / "page.md", data)                  # the name says nothing about the encoding
    assert decode_with_encoding(data, path) == (PAGE_003, encoding)
    [doc] = read_inputs([path])
    assert doc.text == PAGE_003
    assert summary(split_articles(doc)) == EXPECTED["003_e0eea08fd75f2ef3.txt"]


def test_gb18030_jsonl(tmp_path):
    corpus = write(tmp_path / "gb.jsonl", '{"title": "中文标题", "text": "中文正文。"}\n'.encode("gb18030"))
    [doc] = read_inputs([corpus])
    assert (doc.title, doc.text) == ("中文标题", "中文正文。")


# Traditional Chinese in Big5: read as GB18030 it is mojibake (GB18030 takes almost any
# bytes), so kg reads such bytes both ways and keeps the reading that is Chinese text.
BIG5 = ("big5", "cp950", "big5hkscs")
SIMPLIFIED = ["县长李四出席会议并讲话。",
              "某某县召开春耕生产工作会议，要求各乡镇抓好农资供应，确保不误农时。",
              "（记者 王五）区委书记张三到峡窝镇检查疫情防控工作，看望慰问一线工作人员。",
              "县长出席"]
TRADITIONAL = ["縣長李四出席會議並講話。",
               "某某縣召開春耕生產工作會議，要求各鄉鎮抓好農資供應，確保不誤農時。",
               "（記者 王五）區委書記張三到峽窩鎮檢查疫情防控工作，看望慰問一線工作人員。",
               "「這裡的軟體和硬體」，許功蓋說。",      # 許 功 蓋: a second byte 0x5C, the backslash
               "縣長出席"]


@pytest.mark.parametrize("text, encoding, codec", [
    *[(t, "gb18030", "gb18030") for t in SIMPLIFIED],
    *[(t, "gbk", "gb18030") for t in SIMPLIFIED],
    *[(t, "big5", "big5") for t in TRADITIONAL],
    *[(t, "gbk", "gb18030") for t in TRADITIONAL],          # traditional characters in GBK: still GBK
    *[(t, "utf-8", "utf-8") for t in SIMPLIFIED + TRADITIONAL],
    *[(t, "utf-16", "utf-16-le") for t in SIMPLIFIED + TRADITIONAL],
    *[(t + " 2021年\n", "utf-16-be", "utf-16-be") for t in SIMPLIFIED + TRADITIONAL],  # no BOM: told by
])                                                                  # the NUL bytes of the ASCII
def test_chinese_in_each_encoding_decodes_to_itself(text, encoding, codec):
    data = text.encode(encoding)
    assert decode_with_encoding(data, "x.txt") == (text, codec)


def test_big5_extensions_microsoft_and_hong_kong():
    assert decode_with_encoding("這裏的碁盤和銹鐵，價值百€。".encode("cp950"), "x.txt")[1] == "cp950"
    hong_kong = "香港特別行政區政府今日宣佈，屯門大興邨的重建計劃將於明年展開，新綫路亦會同時啟用。"
    assert decode_with_encoding(hong_kong.encode("big5hkscs"), "x.txt") == (hong_kong, "big5hkscs")


def test_a_big5_page_is_read_as_traditional_chinese(tmp_path):
    page = ("某某縣召開春耕生產工作會議\n\n本報訊 3月5日，某某縣委書記張三主持召開春耕生產工作會議，"
            "縣長李四出席會議並講話。\n\n會議要求，各鄉鎮要抓好農資供應，確保不誤農時。\n\n（記者 王五）\n")
    path = write(tmp_path / "page.txt", page.encode("big5"))
    [doc] = read_inputs([path])
    assert doc.text == page
    [article] = split_articles(doc)
    assert article.title == "某某縣召開春耕生產工作會議"


def test_a_big5_corpus_line_with_backslash_bytes(tmp_path):
    """許 is B3 5C in Big5: read before the JSON, the 5C is no escape."""
    line = json.dumps({"title": "許功蓋", "text": TRADITIONAL[3]}, ensure_ascii=False) + "\n"
    assert b"\x5c" in line.encode("big5")
    [doc] = read_inputs([write(tmp_path / "big5.jsonl", line.encode("big5"))])
    assert (doc.title, doc.text) == ("許功蓋", TRADITIONAL[3])


def test_big5_with_a_byte_big5_lacks_is_refused_not_read_as_mojibake(tmp_path):
    data = bytearray(TRADITIONAL[1].encode("big5"))                   # two bytes a character
    second = next(k for k in range(1, len(data), 2) if data[k] >= 0xA1)
    data[second] = 0x90             # a second byte that GB18030 has and Big5 has not
    path = write(tmp_path / "page.txt", bytes(data))
    assert bytes(data).decode("gb18030")            # as GB18030 it decodes: into mojibake
    error = failure([path])
    assert str(error).startswith(f"{path}: cannot decode: not UTF-8 or UTF-16, and read as GB18030 it is "
                                 "not Chinese text: ")
    assert str(error).endswith("(Chinese text: 90% and more); save it as UTF-8")


@pytest.mark.parametrize("text, encoding", [
    ("東京都で会議が開かれました。総理大臣が出席しました。", "shift_jis"),
    ("東京都で会議が開かれました。総理大臣が出席しました。", "euc_jp"),
    ("서울특별시에서 회의가 열렸습니다. 시장이 참석했습니다.", "euc_kr"),
])
def test_other_encodings_are_refused(tmp_path, text, encoding):
    path = write(tmp_path / "page.txt", text.encode(encoding))
    assert "not Chinese text" in str(failure([path]))


@pytest.mark.parametrize("text, encoding, codec", [
    ("县长", "gbk", "gb18030"), ("縣長", "big5", "big5"), ("区委书记张三出席会议并讲话", "gbk", "gb18030"),
    ("區委書記張三出席會議並講話", "big5", "big5"), ("会", "gbk", "gb18030"), ("會", "big5", "big5"),
])
def test_short_files_are_decided_too(text, encoding, codec):
    """Under 6 non-ASCII characters nothing is refused; the better reading wins, ties GB18030."""
    data = text.encode(encoding)
    assert len(data) <= 28
    assert decode_with_encoding(data, "x.txt") == (text, codec)


SHORT_PIECES = [b"\n", b" ", b"1", b"a", b"\xa1", b"\x40", b"\x5c", b"\x7e", b"\x80", b"\x81\x30", b"\xff",
                "县长".encode("gbk"), "縣長".encode("big5"), "许".encode("gbk"), "許".encode("big5"),
                "，".encode("big5"), "。".encode("gbk"), "㗎".encode("big5hkscs"), "碁".encode("cp950")]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=40), st.binary(min_size=200, max_size=2000),
                 st.lists(st.sampled_from(SHORT_PIECES), max_size=16).map(b"".join)))
def test_any_bytes_decode_or_give_one_line_error(data):
    try:
        text, codec = decode_with_encoding(data, "x.txt")
    except KGError as error:
        assert str(error).startswith("x.txt: ") and "\n" not in str(error)
        return
    assert codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "gb18030", *BIG5)
    assert data.decode(codec) in (text, "\ufeff" + text) and text.strip()


def test_the_common_characters_list():
    assert len(COMMON) == len(set(COMMON)) > 2500 and all(len(c) == 1 and ord(c) > 0x7F for c in COMMON)
    assert {"的", "国", "國", "，", "。", "「", "」"} <= set(COMMON)
    assert chinese_share(SIMPLIFIED[1]) == (1.0, len(SIMPLIFIED[1]))
    assert chinese_share(TRADITIONAL[1].encode("big5").decode("gb18030"))[0] < 0.5


def test_bom_is_the_only_thing_removed():
    data = codecs.BOM_UTF8 + "\ufeff 首行 \r\n\r\n次行\t".encode("utf-8")
    assert decode(data, "x.txt") == "\ufeff 首行 \r\n\r\n次行\t"


TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
               | st.sampled_from("\n\t\r 中文，。“”"), min_size=1).filter(lambda s: s.strip())


@settings(max_examples=200, deadline=None)
@given(TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom"]))
def test_decode_round_trips_unicode_encodings(text, encoding):
    boms = {"utf-16-le-bom": (codecs.BOM_UTF16_LE, "utf-16-le"),
            "utf-16-be-bom": (codecs.BOM_UTF16_BE, "utf-16-be")}
    bom, codec = boms.get(encoding, (b"", encoding))
    assert decode(bom + text.encode(codec), "x.txt") == text


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_decode_round_trips_gb18030(text):
    """Any text in GB18030 comes back, unless its bytes read better as Big5 or as neither
    is Chinese text: GB18030 bytes of some text are the Big5 bytes of another (a Big5
    file read as GB18030 is such a text), so no decoder gives back every text."""
    data = text.encode("gb18030")
    try:
        data.decode("utf-8")
        assume(False)           # bytes valid as both are read as UTF-8, as they should be
    except UnicodeDecodeError:
        pass
    try:
        decoded, codec = decode_with_encoding(data, "x.txt")
    except KGError as error:
        assert str(error).startswith("x.txt: cannot decode: not UTF-8 or UTF-16, and read as GB18030")
        assert "not Chinese text" in str(error) and "\n" not in str(error)
        assert chinese_share(text)[0] < 0.5
        return
    assert (decoded, codec) == (text, "gb18030") or (codec in BIG5 and decoded == data.decode(codec))
    if codec in BIG5:
        assert chinese_share(decoded)[0] > chinese_share(text)[0]


COMMON = [row[0] for row in read_lexicon("common_chars.txt")]
CHINESE_TEXT = st.text(st.sampled_from(COMMON) | st.sampled_from("\n\r\t 0123456789abcXYZ,.:()%-"),
                       min_size=1).filter(lambda s: s.strip())


@settings(max_examples=200, deadline=None)
@given(CHINESE_TEXT)
def test_chinese_text_in_gb18030_always_comes_back(text):
    data = text.encode("gb18030")
    try:
        data.decode("utf-8")
        assume(False)
    except UnicodeDecodeError:
        pass
    assert decode_with_encoding(data, "x.txt") == (text, "gb18030")


# ----------------------------------------------------------------- bad input

def failure(paths, **kwargs) -> KGError:
    with pytest.raises(KGError) as caught:
        read_inputs(paths, **kwargs)
    assert "\n" not in str(caught.value)
    return caught.value


def test_missing_path(tmp_path):
    error = failure([tmp_path / "nope.txt"])
    assert str(error) == f"{tmp_path / 'nope.txt'}: no such file or folder"


def test_binary_file(tmp_path):
    path = write(tmp_path / "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)))
    error = failure([path])
    assert error.path == str(path) and "binary file" in str(error)


def test_undecodable_file(tmp_path):
    path = write(tmp_path / "bad.txt", "正文".encode("utf-8") + b"\xff\xfe\x80abc")
    error = failure([path])
    assert str(error) == f"{path}: cannot decode: neither UTF-8, UTF-16, GB18030 nor Big5"


def test_utf8_text_with_a_stray_nul_is_rejected(tmp_path):
    path = write(tmp_path / "nul.txt", "正文一段。\n".encode("utf-8") + b"\x00" + "又一段。\n".encode("utf-8"))
    assert "binary file" in str(failure([path]))


@pytest.mark.parametrize("data", [b"", codecs.BOM_UTF8, b" \n\r\n\t", codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")])
def test_empty_file(tmp_path, data):
    path = write(tmp_path / "empty.txt", data)
    assert str(failure([path])) == f"{path}: empty file"


def test_malformed_jsonl_line_names_file_and_line(tmp_path):
    path = write(tmp_path / "c.jsonl", '{"text": "好"}\n\n{"text": "坏",}\n')
    error = failure([path])
    assert (error.path, error.line) == (str(path), 3)
    assert str(error).startswith(f"{path}:3: malformed JSON line:")


@pytest.mark.parametrize("line, message", [
    ('{"title": "无正文"}', 'JSON item has no "text"'),
    ('{"text": 5}', '"text" is a int, not a string'),
    ('{"text": "   "}', '"text" is empty'),
    ('["text"]', "expected a JSON object, got list"),
])
def test_jsonl_item_without_text(tmp_path, line, message):
    path = write(tmp_path / "c.jsonl", '{"text": "好"}\n' + line + "\n")
    assert str(failure([path])) == f"{path}:2: {message}"


def test_jsonl_with_no_items(tmp_path):
    path = write(tmp_path / "c.jsonl", "\n \r\n\n")
    assert str(failure([path])) == f"{path}: empty file"


def test_folder_with_nothing_to_read(tmp_path):
    write(tmp_path / "notes.pdf", b"%PDF")
    assert str(failure([tmp_path])) == f"{tmp_path}: folder has no .txt, .md or .jsonl files"


def test_unsupported_file_type_and_no_paths(tmp_path):
    path = write(tmp_path / "page.docx", "正文")
    assert str(failure([path])) == f"{path}: unsupported file type .docx: expected .txt, .md or .jsonl"
    assert "no input given" in str(failure([]))


# ------------------------------------------------------------------ keep going

def test_keep_going_skips_bad_files_and_lines_with_one_warning_each(tmp_path):
    good = write(tmp_path / "good.txt", "标题\n\n正文一段。\n")
    empty = write(tmp_path / "empty.txt", b"")
    corpus = write(tmp_path / "c.jsonl", '{"text": "一"}\n{bad\n{"id": 3}\n{"text": "四"}\n')
    warnings: list[str] = []
    docs = read_inputs([good, tmp_path / "missing.md", empty, corpus], keep_going=True, warn=warnings.append)
    assert [d.name for d in docs] == ["good.txt", "c.jsonl#1", "c.jsonl#4"]
    assert warnings == [f"{tmp_path / 'missing.md'}: no such file or folder",
                        f"{empty}: empty file",
                        f"{corpus}:2: malformed JSON line: Expecting property name enclosed in double quotes "
                        "at column 2",
                        f'{corpus}:3: JSON item has no "text"']


def test_keep_going_with_nothing_left_still_fails(tmp_path):
    empty = write(tmp_path / "empty.txt", b"")
    warnings: list[str] = []
    error = failure([empty, tmp_path / "gone.txt"], keep_going=True, warn=warnings.append)
    assert str(error) == "nothing left to build: all 2 bad inputs were skipped"
    assert len(warnings) == 2


def test_iso_dates():
    assert [iso_date(v) for v in ("2021-01-01", "2021/1/2", "2021年3月4日", "20210105", "2021-01-06T08:00:00",
                                  "2021-02-30", "", None, 20210107)] == [
        "2021-01-01", "2021-01-02", "2021-03-04", "2021-01-05", "2021-01-06", None, None, None, "2021-01-07"]
