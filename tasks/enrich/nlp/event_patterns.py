"""The words of cooperation events as patterns: triggers, ceremonies, look-alikes, venues, roles.

Read by the event rules (events.py), their parties and attendees (event_parties.py) and their
date and place (event_date_place.py). A new event type needs its trigger here, in
`TRIGGER_FAMILIES`, and its name in `schemas.enrichment.EventType`.
"""

from __future__ import annotations

import re

from schemas.enrichment import AttendeeRole, EventType

RENEW = re.compile(r"续签|续约")
INTENT = re.compile(r"(?:达成|签署|签订)(?:了)?(?:战略)?合作意向|意向书")
SIGN = re.compile(r"签署|签订|签约|签下|缔结|签字(?=仪式)")  # 协议签字仪式在津举行
REACH = re.compile(r"达成(?:了)?(?:全面)?(?:战略)?合作(?!意向)")
UNVEIL = re.compile(r"揭牌|揭幕")
# A sentence names at most one event of each family: the agreement and the unveiling.
TRIGGER_FAMILIES: tuple[tuple[tuple[EventType, re.Pattern[str]], ...], ...] = (
    (("renewal", RENEW), ("intent", INTENT), ("sign_agreement", SIGN), ("sign_agreement", REACH)),
    (("unveil", UNVEIL),),
)
CEREMONY = re.compile(r"(?:签约|签署|签字|揭牌|揭幕)(?:仪式|活动)")
CONJOINED = re.compile(
    r"(?P<joint>与|和|同|携手)(?P<b>[^，,；;。、与和]{2,20}?)(?:正式|共同|将|已|在[^，,；;。]{1,10}?)?"
    r"(?:签署|签订|签约|续签|达成)"
)
# Bodies of a party (its committees) are not parties to a cooperation: 集团党委, 开发区党工委,
# 江夏区区委 (the district's government signs).
PARTY_COMMITTEE = re.compile(r"(?:党委|党工委|党组|纪委|[省市区县]委)$")
# A school's own report names itself 我校: the party is the school the report names.
SELF_REFERENCE = re.compile(r"我校|本校")
# A sentence that sums up the deal already told (此次签约, 本次合作): it adds to that event.
# So does a speech that restates it (某某指出，此次A与B达成…协议，必将…).
RECAP = re.compile(
    r"^(?:此次|本次|这次)|^[^，。；]{0,16}(?:指出|表示|强调|认为|说)[，,：:]?\s*(?:此次|本次|这次)"
)
CLAUSE_END = re.compile(r"[，,；;。！？!?]")
AT_CEREMONY = re.compile(r"(?:仪式|活动)(?:现场)?上")
ATTENDANCE = re.compile(r"出席|参加|参与|见证|祝贺|仪式上|活动上|致辞|主持")
HOLDING = re.compile(
    r"(?:仪式|活动)[^，。；]{0,6}(?:举行|举办|召开)|(?:举办|举行)[^，。；]{0,20}(?:仪式|活动)"
)
# A witness's sentence (领导见证签约) tells of the signing told before: attendance, not an event.
WITNESSED = re.compile(r"见证(?:了)?(?:签约|签署|签字|协议签署|合作签约)")
# Uses of 签 that are not a cooperation between organisations.
LOOKALIKE = re.compile(
    r"签署(?:了)?(?:意见|文件|姓名|名字)|签署[^，。；]{0,12}?(?:命令|令)"
    r"|签约(?:金|费|奖金|艺人|作者|主播|球员|歌手|模特|代言)|家庭医生|签约服务|签约率"
)
PERSONAL_AGREEMENT = re.compile(
    r"(?:赔偿|和解|调解|离婚|劳动|聘用|劳务|购房|租赁|贷款|借款|就业|三方|知情同意|免责|保密|竞业|退费)"
    r"(?:协议|合同)|责任书|承诺书|保证书|同意书"
)
# A person (patient, family, student) on the other side: not a cooperation of organisations.
PERSONAL_PARTY = re.compile(
    r"(?:与|和|同|跟|向)(?:患者|病人|家属|家长|学生|员工|职工|消费者|业主|村民|考生|毕业生|个人|球员|艺人)"
    r"|(?:与|和|同|跟)[^，。；与和]{0,8}(?:球员|运动员|主播|艺人|歌手)"
)
# Background and tallies, not a new event: 已陆续与…等12座城市签署.
BACKGROUND = re.compile(
    r"陆续|先后|累计|已(?:全部|相继|分别)?与|等(?:\d+|[一二三四五六七八九十百]+)[个家所座](?!项目)"
    r"|(?:签署|签订|签约)[^，。；]{0,24}以来"
    r"|(?:此前|去年|前年|[两三四五六七八九十\d]+年前)[，,]?[^，。；]{0,24}(?:签署|签订|签约)"
)
# Plans and proposals to sign: nothing is signed yet (将签署, 提请签署, 建议市政府同意并签署).
PLAN = re.compile(
    r"提请[^，。；]{0,6}签署|建议[^，。；]{0,24}签署|同意并签署|待签署"
    r"|(?:拟|将|计划|准备|有望|即将)(?:于[^，。；]{1,8}?)?(?:正式)?(?:签署|签订|签约)"
)
# Structures that split a sentence's organisations into events (event_structure.py).
REPRESENTING = re.compile(
    r"(?:分别)?代表(?P<sides>[^，。；双]{2,60}?)(?:正式|共同|分别)*(?:签署|签订|签约)"
)
RESPECTIVELY = re.compile(r"分别(?P<with>与|和|同)?")
LISTED_CLAUSE = re.compile(
    r"(?P<joint>与|和|同)(?P<b>[^、，,；;与和。]{2,30}?)(?:正式)?(?:签署|签订|签约)"
)
# A clause after the first that lists the next partner: `、与C签订`, `，并与C签署`.
LIST_JOINT = re.compile(r"[、，,；;](?:并|还|又|另)?$")
SIDE_SEPARATOR = re.compile(r"以及|与|和|、|及|同")
TITLE_LIST = re.compile(r"《[^》]{2,40}》(?:(?:与|和|及|、|以及)《[^》]{2,40}》)+")
# A department that signs for its organisation (科技成果转化处, 合作发展处).
DEPARTMENT = re.compile(r"(?:处|科|室|办公室)$")
AGREEMENT_NOUN = re.compile(r"协议书|协议|备忘录|合同|意向书")
QUOTED_OBJECT = re.compile(r"[“\"]([^”\"]{2,30})[”\"](?:创建|共建|合作|项目)?(?:签约|签署)")
UNVEILED_OBJECT = re.compile(r"为[“\"]?([^，。；]{2,40}?)[”\"]?(?:正式)?(?:揭牌|揭幕)")
COOPERATION = re.compile(r"(?:全面)?(?:战略)?合作")
VENUE = re.compile(
    r"在([\u4e00-\u9fff]{1,12}?)(?:隆重|正式|成功|顺利)?(?:举行|举办|召开|签署|签订|签约)"
)
# When a sentence gives no day of its own: `近日` gives none, `同一天` the narrative's last day.
VAGUE_TIME = re.compile(r"近日|日前|近期|最近|前不久|不久前")
# A dispatch's day after its dateline and reporter: `…5月15日电（记者 林某）14日，`.
DAY_AFTER_DATELINE = re.compile(
    r"\s*(?:[（(][^）)]{0,24}[）)])?\s*(?P<day>[1-9]|[12][0-9]|3[01])日"
)
SAME_DAY = re.compile(r"同一天|同日|当天|当日|今天|今日")
ROLE_WORDS: tuple[tuple[AttendeeRole, re.Pattern[str]], ...] = (
    ("witness", re.compile(r"见证(?!下)|祝贺")),  # 在领导的见证下签约: the signatories
    ("speaker", re.compile(r"致辞|讲话|发言")),
    ("signatory", re.compile(r"代表.{0,8}签|签字|签署|签订|签约")),
)
