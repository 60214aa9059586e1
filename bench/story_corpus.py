"""An invented corpus of Chinese news on AI in education, with reposted copies of some stories.

Each story is a lead and 7-11 sentences drawn from a pool of templates and filled with the
story's own places, schools, companies, people and figures, so that different stories share the
topic's vocabulary and sentence patterns but not their facts. A reposted story appears under
3-5 outlets: each copy adds that outlet's header and footer, and some copies change a few
phrases, drop a sentence or keep only the first part. Seeded: every run builds the same corpus.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

CITIES = [
    "青岚市", "云杉市", "湖光市", "松原市", "月湾市", "白鹭市", "临川市", "江屿市", "石泉市",
    "桐庐市",
]  # fmt: skip
DISTRICTS = ["东湖区", "北塘区", "南山区", "西岭区", "高新区", "滨江区", "城关区", "经开区"]
SCHOOLS = [
    "第一中学",
    "第二中学",
    "实验小学",
    "外国语学校",
    "职业技术学院",
    "师范大学附属中学",
    "第三小学",
    "育才中学",
    "科技高级中学",
    "实验幼儿园",
    "职业中等专业学校",
    "第十五中学",
]
COMPANIES = [
    "星河智能",
    "月湾教育科技",
    "青岚数据",
    "云杉软件",
    "松原网络",
    "湖光信息",
    "白鹭智学",
    "临川云教",
    "江屿未来",
    "石泉慧学",
    "桐庐启明",
    "北辰视界",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌宇浩凯晨欣怡嘉"
TITLES = ["校长", "副局长", "局长", "总经理", "副校长", "董事长", "院长", "主任"]
PROGRAMS = [
    "智慧课堂",
    "人工智能通识课",
    "编程教育",
    "教师数字素养提升计划",
    "因材施教试点",
    "智慧作业平台",
    "AI助教",
    "数字校园建设",
    "创客空间",
    "教育大模型应用",
]
OUTLETS = [
    "青岚日报",
    "湖光晚报",
    "星海科技网",
    "松原新闻网",
    "云杉教育在线",
    "临川电视台",
    "江屿发布",
    "石泉融媒",
    "桐庐新闻",
    "北辰教育报",
    "月湾观察",
    "白鹭网",
]
EDITORS = ["李明", "王芳", "陈静", "赵磊", "周洋", "孙丽", "马超", "胡娟"]

LEADS = [
    "{date}，{city}{district}{school}与{company}签署{program}合作协议，双方将在课程、师资和平台建设等方面开展合作。",
    "{date}，{city}教育局在{school}召开{program}现场推进会，全市{n1}所学校的负责人参加会议。",
    "{date}，由{company}承建的{city}{program}项目正式上线，首批覆盖{district}{n1}所中小学。",
    "{date}，{city}{district}举行{program}成果展示活动，{school}等{n1}所学校展示了一年来的探索。",
    "{date}，{company}发布面向中小学的{program}解决方案，并与{city}{school}共建应用示范基地。",
    "{date}，{city}{school}{program}实验室揭牌，这是{district}首个由学校和企业共建的同类实验室。",
]
BODY = [
    "据介绍，{program}项目{year}年启动，目前已投入资金{n2}万元，配备教学终端{n3}台。",
    "{school}{title}{person}表示，学校将把{program}与日常教学结合起来，让每名学生都能受益。",
    "{company}{title}{person2}介绍，公司的平台可以根据学生的答题记录推送个性化练习。",
    "按照协议，{company}将为{school}提供技术支持，并每学期为教师开展不少于{n4}次培训。",
    "记者在{school}看到，学生们正在用平板电脑完成课堂练习，老师根据后台数据调整讲解重点。",
    "{city}教育局相关负责人说，下一步将在总结试点经验的基础上，逐步扩大{program}的覆盖范围。",
    "去年以来，{district}先后有{n1}所学校开展相关探索，累计培训教师{n5}人次。",
    "一位家长告诉记者，孩子现在回家写作业的时间比以前少了，错题也能及时得到讲解。",
    "专家指出，人工智能进课堂不能只看设备数量，关键是教师能否用好这些工具。",
    "活动现场，{n4}名学生代表演示了自己设计的智能小车和语音识别作品。",
    "{person}说，学校还将成立专门的教研小组，每月对课堂数据进行一次分析。",
    "为保护学生隐私，平台收集的数据只用于教学分析，不会向第三方提供。",
    "{year}年，{city}被确定为省级智慧教育示范区创建单位，{program}是其中的重点任务之一。",
    "据统计，试点班级学生的作业完成率提高了{n6}个百分点，教师批改作业的时间明显减少。",
    "{company}此前已在{n4}个省份的{n5}所学校部署了类似系统。",
    "会上，与会代表围绕课程设置、教师培训和评价改革等问题进行了交流。",
    "{district}教育局还与{company}约定，双方每年共同举办一次教学应用大赛。",
    "在乡村学校，{program}通过专递课堂的方式，把城区名师的课送到偏远教学点。",
    "{school}的{person3}老师已经教了二十多年书，她说一开始对新平台并不熟悉，现在离不开了。",
    "根据计划，到{year2}年底，全市所有中小学都将接入统一的智慧教育平台。",
    "{title}{person2}认为，教育数字化的目标是促进公平，让农村孩子也能享受优质资源。",
    "此次合作期限为{n7}年，双方将成立联合工作组，定期评估项目进展。",
    "{city}还出台了配套政策，对开展{program}成效明显的学校给予经费奖励。",
    "不少教师反映，备课方式也发生了变化，过去靠经验，现在有了数据作参考。",
    "签约仪式上，{person}和{person2}分别代表双方签字，{city}教育局有关领导出席。",
    "课后服务时间，{school}开设了机器人、编程和航模等{n4}门兴趣课程。",
    "{company}的工程师每周到校一次，帮助教师解决使用中遇到的问题。",
    "统计显示，{district}今年参加信息技术类竞赛的学生人数比去年增加了{n6}%。",
    "业内人士表示，区域整体推进比单个学校零散试点更有利于形成可推广的经验。",
    "接下来，{school}计划把{program}延伸到家庭，为家长提供学情报告。",
    "{date}上午，{n1}名教师参加了由{company}组织的平台操作培训。",
    "对于{program}可能带来的用眼负担，学校规定每节课使用屏幕的时间不超过二十分钟。",
]
EDITS = [
    ("表示", "指出"), ("介绍", "说明"), ("下一步", "今后"), ("记者", "笔者"),
    ("据介绍", "据了解"), ("目前", "现阶段"), ("明显", "显著"), ("开展", "推进"),
    ("逐步", "进一步"), ("相关负责人", "负责同志"),
]  # fmt: skip


@dataclass(frozen=True)
class Copy:
    """One article of the corpus: which story it is a copy of, and its fields."""

    article_id: str
    story: int
    outlet: str
    published_at: datetime
    title: str
    body: str


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))


def _story(rng: random.Random, day: datetime) -> tuple[str, list[str]]:
    """A story's title and sentences, filled with its own facts."""
    fill = {
        "date": f"{day.month}月{day.day}日", "city": rng.choice(CITIES),
        "district": rng.choice(DISTRICTS), "school": rng.choice(SCHOOLS),
        "company": rng.choice(COMPANIES), "program": rng.choice(PROGRAMS),
        "title": rng.choice(TITLES), "person": _name(rng), "person2": _name(rng),
        "person3": _name(rng), "year": rng.choice(range(2018, 2024)),
        "year2": rng.choice(range(2024, 2028)), "n1": rng.randint(3, 60),
        "n2": rng.randint(50, 5000), "n3": rng.randint(100, 9000), "n4": rng.randint(2, 12),
        "n5": rng.randint(100, 20000), "n6": rng.randint(3, 30), "n7": rng.randint(2, 5),
    }  # fmt: skip
    lead = rng.choice(LEADS).format(**fill)
    body = [s.format(**fill) for s in rng.sample(BODY, rng.randint(7, 11))]
    title = f"{fill['city']}{fill['school']}推进{fill['program']}"
    return title, [lead, *body]


def _repost(rng: random.Random, sentences: list[str], outlet: str, source: str) -> str:
    """A copy under another outlet: its header and footer, and for some copies small edits."""
    kept = list(sentences)
    if rng.random() < 0.4:  # a few phrases changed
        for old, new in rng.sample(EDITS, 3):
            kept = [s.replace(old, new, 1) for s in kept]
    if rng.random() < 0.2 and len(kept) > 6:  # one sentence dropped
        kept.pop(rng.randrange(1, len(kept)))
    if rng.random() < 0.1:  # only the first three quarters
        kept = kept[: max(5, len(kept) * 3 // 4)]
    header = rng.choice([
        f"来源：{source}", f"{outlet}讯", f"原标题：{sentences[0][:18]}",
        f"转自：{source}微信公众号", "",
    ])  # fmt: skip
    footer = rng.choice([
        f"责任编辑：{rng.choice(EDITORS)}",
        f"（来源：{source}，编辑：{rng.choice(EDITORS)}）",
        f"本文转载自{source}，版权归原作者所有，如有侵权请联系删除。",
        f"【纠错】【责任编辑：{rng.choice(EDITORS)}】",
        f"更多精彩内容，请关注{outlet}客户端。",
    ])  # fmt: skip
    paragraphs = [header, *kept, footer]
    return "\n".join(p for p in paragraphs if p)


def build_corpus(n_stories: int, reposted_share: float = 0.5, seed: int = 14) -> list[Copy]:
    """Articles of n_stories stories; a share of them reposted under 3-5 outlets.

    Args:
        n_stories: Stories to invent (each a different story on the same topic).
        reposted_share: Share of stories that other outlets repost (3-5 copies in all).
        seed: The random seed.

    Returns:
        Every copy, with its true story number.
    """
    rng = random.Random(seed)
    start = datetime(2023, 1, 1, tzinfo=UTC)
    copies: list[Copy] = []
    for story in range(n_stories):
        day = start + timedelta(hours=rng.randint(0, 24 * 700))
        title, sentences = _story(rng, day)
        outlets = rng.sample(OUTLETS, rng.randint(3, 5) if rng.random() < reposted_share else 1)
        for i, outlet in enumerate(outlets):
            body = "\n".join(sentences) if i == 0 else _repost(rng, sentences, outlet, outlets[0])
            copies.append(
                Copy(
                    article_id=f"{story:07d}{i:02d}".ljust(20, "0"),
                    story=story,
                    outlet=outlet,
                    published_at=day + timedelta(hours=i * rng.randint(1, 30)),
                    title=title if i == 0 or rng.random() < 0.5 else f"{outlet}：{title}",
                    body=body,
                )
            )
    return copies
