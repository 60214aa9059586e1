"""Invented Chinese news for the story tests: three stories on one topic (AI in schools), and the
reposted copies other outlets make of them (their own header and footer, some phrases changed)."""

from __future__ import annotations

# A deal: a city's education bureau and a company sign a smart-education agreement.
DEAL = """3月28日上午，青岚市教育局与星河智能科技有限公司在市民中心签署智慧教育战略合作协议。根据协议，双方将在未来三年内共同建设全市统一的智慧教育平台，推动人工智能技术在课堂教学、作业管理和学生综合评价中的应用。
青岚市教育局局长周建国表示，这次合作是落实教育数字化战略行动的具体举措，全市一百二十所中小学将分三批接入平台，首批二十所学校将于今年秋季学期开始使用。
星河智能总经理林晓华介绍，公司将为学校提供教学终端、数据分析系统和教师培训服务，并在青岚设立区域服务中心，确保设备出现问题时二十四小时内有人上门处理。
据了解，平台上线后，教师可以根据系统生成的学情报告调整教学进度，学生的错题会被自动整理成个性化练习。为保护学生隐私，平台数据存放在本地机房，不向第三方提供。"""

# Another story on the same topic: a school opens an AI course with another company.
COURSE = """新学期开学第一周，湖光市第二中学的初一学生迎来了一门新课：人工智能通识课。这门课由学校信息技术教研组与月湾教育科技共同开发，每周一节，内容包括图像识别、语音交互和简单的编程实践。
记者走进课堂看到，学生们分成小组，用平板电脑训练一个能分辨垃圾种类的小模型。授课教师陈静说，课程不追求让学生掌握复杂的算法，而是希望他们理解人工智能是怎样“学习”的，知道它能做什么、不能做什么。
湖光二中校长马志刚介绍，学校去年投入八十万元改造了两间创新实验室，今年还将选派十名教师参加省里组织的人工智能教育专项培训。
不少家长对新课程表示欢迎。一位学生家长说，孩子回家后主动讲起课上做的项目，对科学的兴趣明显提高了。"""

# A third story on the same topic, with the same company as DEAL: teacher training in a district.
TRAINING = """为提升教师运用数字技术开展教学的能力，云杉区教育局近日启动“教师数字素养提升计划”，首期培训在云杉区教师发展中心举行，来自全区三十六所学校的两百余名骨干教师参加。
本次培训邀请星河智能的工程师和师范大学的专家授课，内容涵盖智慧课堂平台操作、课堂数据解读以及生成式人工智能工具在备课中的使用。培训采用线上学习与线下实操相结合的方式，为期两个月。
云杉区教育局副局长孙丽在开班仪式上说，设备进校只是第一步，关键在于教师会用、善用，全区将把数字素养纳入教师年度考核。
参训教师、云杉实验小学数学老师赵磊说，过去备一节课要花两三个小时查资料，现在借助平台的资源库，效率提高了不少，但课堂设计还是要靠教师自己把关。"""

STORIES = {"deal": DEAL, "course": COURSE, "training": TRAINING}

# How outlets wrap a story they repost: (outlet, header, footer).
OUTLETS = [
    ("青岚日报", "青岚日报讯（记者 王芳）", "责任编辑：李明"),
    ("湖光晚报", "来源：青岚日报 | 2024-03-28 15:20", "（本文转载自青岚日报，如有侵权请联系删除）"),
    ("星海科技网", "原标题：青岚市与星河智能携手建设智慧教育平台", "【纠错】【责任编辑：陈静】"),
    ("松原新闻网", "转自：青岚发布微信公众号", "更多精彩内容，请下载松原新闻客户端。"),
    ("云杉教育在线", "", "声明：本文仅代表作者观点，不代表本站立场。编辑：周洋"),
]

# Phrases a reposting editor changes (old, new).
EDITS = [("签署", "签订"), ("表示", "指出"), ("据了解", "据悉"), ("共同建设", "携手打造")]


def repost(body: str, outlet: int, *, edits: int = 0) -> str:
    """A copy of a story under one of OUTLETS, with the first `edits` EDITS applied."""
    _, header, footer = OUTLETS[outlet]
    for old, new in EDITS[:edits]:
        body = body.replace(old, new, 1)
    return "\n".join(part for part in (header, body, footer) if part)
