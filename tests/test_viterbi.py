"""The array decoder of jieba's part-of-speech HMM gives jieba's own words and tags."""
from __future__ import annotations

import jieba
import jieba.posseg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.viterbi import POSTokenizer, PosModel, viterbi

# names and words jieba's dictionary lacks, which its HMM reads: the decoder's whole job
SENTENCES = [
    "区委书记王立新主持召开会议，区领导李华明、张志强出席。",
    "北约秘书长斯托尔滕贝格表示，成员国将加强合作。",
    "买买提江·吾买尔带领布力开村村民种林果。",
    "喀布尔市市长哈米杜拉·努玛尼15日表示。",
    "霞浦县古县村党支部书记孙立美在巡查中发现涵洞堵塞。",
]
CHARS = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋" \
        "蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段" \
        "立新华明志强军伟芳娜秀英敏静丽勇艳杰涛超兵磊洋霞平刚桂斯托尔滕贝格买提江吾克拉诺维奇" \
        "的了在是和与及到村镇区县市省党委支部书记主任会议调研考察，。、"


@pytest.fixture(scope="module")
def tokenizers():
    jieba.setLogLevel(60)
    base = jieba.Tokenizer()
    return jieba.posseg.POSTokenizer(base), POSTokenizer(base)


def pairs(tokenizer, text):
    return [(p.word, p.flag) for p in tokenizer.lcut(text)]


@pytest.mark.parametrize("text", SENTENCES)
def test_the_same_words_and_tags_as_jieba(tokenizers, text):
    theirs, ours = tokenizers
    assert pairs(ours, text) == pairs(theirs, text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=CHARS, min_size=1, max_size=40))
def test_the_same_on_any_run_of_characters(tokenizers, text):
    theirs, ours = tokenizers
    assert pairs(ours, text) == pairs(theirs, text)


@pytest.mark.parametrize("run", ["斯托尔滕贝格", "王立新", "吾买尔", "的了在"])
def test_the_decoder_finds_jiebas_path(run):
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
    from jieba.posseg.viterbi import viterbi as jiebas
    _, path = jiebas(run, char_state_tab_P, start_P, trans_P, emit_P)
    assert viterbi(run, PosModel()) == path
