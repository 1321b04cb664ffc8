"""Word lists the SimVideo catalog is generated from (Chinese, English, emoji)."""

from __future__ import annotations

CN_PREFIXES = ("小", "阿", "大", "老", "胖", "萌", "酷", "野生", "深夜", "快乐")
CN_NOUNS = (
    "美食家",
    "旅行者",
    "猫咪",
    "程序员",
    "摄影师",
    "吃货",
    "舞者",
    "学霸",
    "厨师",
    "骑手",
    "画家",
    "歌手",
    "园丁",
    "钓鱼佬",
    "健身达人",
    "手工匠",
    "书虫",
    "咖啡师",
)
EN_NAMES = (
    "Lily",
    "Max",
    "Chen",
    "Aiko",
    "Sam",
    "Nora",
    "Leo",
    "Mia",
    "Kai",
    "Zoe",
    "Ivan",
    "Yuki",
    "Omar",
    "Ruby",
    "Theo",
    "Ava",
)
EN_HANDLES = ("daily", "vlog", "eats", "travels", "codes", "lab", "studio", "life", "tv")

TOPICS = (
    "美食",
    "旅行",
    "日常",
    "测评",
    "教程",
    "开箱",
    "健身",
    "宠物",
    "穿搭",
    "数码",
    "读书",
    "手工",
)
CN_PHRASES = (
    "在家做一道超简单的红烧肉",
    "第一次去新疆，风景太美了",
    "这只猫又在捣乱",
    "一分钟学会手机摄影",
    "打工人的一天",
    "三块钱能买到什么",
    "挑战一周不点外卖",
    "老街里的神秘小店",
    "雨天的咖啡馆",
    "把旧衣服改成包包",
    "深夜食堂第十期",
    "跟着地图走错路了",
    "给妈妈做的生日蛋糕",
)
EN_PHRASES = (
    "I tried cooking for 7 days straight",
    "Unboxing the weirdest gadget",
    "A day in my life",
    "How to fix a bike chain in 2 minutes",
    "Street food tour at midnight",
    "My cat reacts to cucumbers",
    "Budget travel hacks nobody tells you",
    "Reading 10 books in a month",
    "Morning routine that changed everything",
)
EMOJI = ("😂", "🔥", "👍", "🎉", "❤️", "😭", "🤣", "✨", "🍜", "🐱", "🚴", "☕", "💯", "🙏")

CN_COMMENTS = (
    "太好看了",
    "学到了，谢谢分享",
    "这个我也试过，真的有用",
    "笑死我了",
    "求教程",
    "第一次刷到这么好的视频",
    "支持一下",
    "背景音乐叫什么",
    "看饿了",
    "这个地方在哪里",
    "已关注，期待下一期",
    "说得太对了",
    "哈哈哈哈哈哈",
    "作者辛苦了",
    "我妈也这样",
    "前排",
    "每天都在等更新",
)
EN_COMMENTS = (
    "This is amazing",
    "Thanks for sharing!",
    "Where is this place?",
    "lol my cat does the same",
    "Need a tutorial on this",
    "Underrated channel",
    "Watching this at 3am",
    "Song name please?",
    "First time here, instant follow",
    "You deserve more views",
    "Can't stop laughing",
)
FORMULA_COMMENTS = (
    "=SUM(A1:A9) 这是公式吗",
    '=HYPERLINK("http://example.invalid","click")',
    "+1 同意楼上",
    "+86 想问一下这是哪里",
    "-_- 无语了",
    "- 第一条：好看\n- 第二条：好听",
    "@{author} 你说得对",
    "@everyone look at this",
)
AUTHOR_STYLES = ("用户{n}", "{cn}{noun}", "{en}_{n}", "{en}{emoji}", "夏天的风{n}", "momo酱{n}")
