//! The manual's own words, in Simplified Chinese and English: one struct, two instances, so a
//! missing translation does not compile. Formulas, rule texts, field lists and error messages
//! are *not* here: the page renders those from the core (see `formulas.rs`), so they always
//! say what the code does.

use kefu_core::Lang;

/// A heading with a list of points.
pub struct Part {
    pub title: &'static str,
    pub items: &'static [&'static str],
}

/// One step of the supervisor's week.
pub struct Step {
    pub title: &'static str,
    /// When in the week this is done.
    pub when: &'static str,
    pub lead: &'static str,
    pub parts: &'static [Part],
}

pub struct ManualText {
    pub title: &'static str,
    pub intro: &'static str,
    pub toc: &'static str,
    pub week_title: &'static str,
    pub print: &'static str,
    pub try_demo: &'static str,
    pub try_demo_hint: &'static str,
    pub open_page: &'static str,
    pub live_title: &'static str,
    pub live_empty: &'static str,
    pub live_loading: &'static str,
    pub help_link: &'static str,

    pub import: Step,
    pub import_fields_title: &'static str,
    pub import_fields_hint: &'static str,
    pub import_errors_title: &'static str,
    pub import_errors_hint: &'static str,
    pub qa: Step,
    pub kpi: Step,
    pub roster: Step,
    pub training: Step,
    pub sharing: Step,

    pub formulas_title: &'static str,
    pub formulas_intro: &'static str,
    pub f_kpi: &'static str,
    pub f_appraisal: &'static str,
    pub f_qa_rules: &'static str,
    pub f_qa_rules_hint: &'static str,
    pub f_roster: &'static str,
    pub f_roster_rules: &'static str,
    pub f_training: Part,

    pub privacy_title: &'static str,
    pub privacy_lead: &'static str,
    pub privacy_where: &'static str,
    pub privacy_parts: &'static [Part],
}

pub fn text(lang: Lang) -> &'static ManualText {
    match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    }
}

static ZH: ManualText = ManualText {
    title: "使用说明",
    intro: "按客服主管一周的工作顺序介绍本工具：先导入后台导出的文件，再质检、算绩效、排班、安排培训，最后把结果分享给客服。每一步都可以先用示例数据试一试。后面列出全部计算公式，最后是隐私说明。",
    toc: "目录",
    week_title: "一周的工作",
    print: "打印使用说明",
    try_demo: "载入示例数据并打开此页面",
    try_demo_hint: "示例数据是一个虚构的 14 人客服团队（4 周的聊天、订单、退款、评价、接待数据和考勤）。载入会替换当前工作区。",
    open_page: "打开此页面",
    live_title: "当前工作区的数字",
    live_empty: "工作区还是空的：先在“导入”页导入文件，或点上面的按钮载入示例数据，这里就会显示实际数字。",
    live_loading: "正在计算…",
    help_link: "本页使用说明",

    import: Step {
        title: "导入数据",
        when: "每周一上午（大促期间每天）",
        lead: "把各平台后台导出的文件拖到窗口任意位置，或在“导入”页点“选择文件”。可以一次拖入多个文件或一个 zip 压缩包。文件先读取、检查并预览，确认后才写入工作区。",
        parts: &[
            Part {
                title: "从哪里导出",
                items: &[
                    "淘宝/天猫（千牛卖家中心）：“交易 → 已卖出的宝贝 → 批量导出”，得到订单报表和宝贝报表（子订单）；“售后 → 退款管理”导出退款；评价管理或评价插件导出评价。",
                    "客服接待数据：生意参谋或赤兔等绩效工具中按客服导出的接待报表（接待人数、询单人数、询单→最终付款成功率、首次响应时间……）。文件名带日期范围（如 客服接待数据_2026-10-19至2026-11-15.xlsx）时，按该范围记日期；“汇总”“均值”等合计行会自动跳过。",
                    "京东（京麦）、拼多多（商家后台）、抖音（抖店）：在订单、售后、评价管理中导出 CSV 或 Excel，表头不同也没关系，工具按表头的常见写法自动识别各列。",
                    "聊天记录：平台没有官方的批量导出。可以从千牛聊天窗口复制聊天文本保存为 .txt，也可以用导出工具得到的每位买家一个 JSON 文件，或“客户ID | 聊天记录”表格，或通用的逐条表格（时间、会话、发送人、角色、内容）。",
                    "员工名单和考勤：用公司自己的表格，至少要有子账号或姓名；考勤表要有日期和状态（迟到、旷工等）。",
                    "各平台后台的菜单名称会随版本变化，以实际界面为准。",
                ],
            },
            Part {
                title: "格式与编码",
                items: &[
                    "支持 CSV、TSV（制表符分隔）、XLSX、XLS、千牛聊天文本、聊天 JSON，以及装着这些文件的 zip 包。",
                    "编码自动识别：UTF-8（含 BOM）、GBK/GB18030（旧版后台导出常见）、UTF-16。不需要先用 Excel 另存。",
                    "常见的怪格式都能读：=\"1930679858170647\" 形式的订单号、带“元”的金额、“无退款申请”、全角数字、各种日期写法和 Excel 日期数字、表头尾部的空格。",
                    "不要先用 Excel 打开再保存长编号：Excel 会把订单号改成 1.93068E+15 这样的科学计数法，末尾几位就丢了。",
                ],
            },
            Part {
                title: "预览、列对应和确认",
                items: &[
                    "每个文件显示识别出的数据类型、各列读取结果（可用、空、有误）和前几行原文。",
                    "无法确定各列含义时，为每个字段选择文件中的列（带 * 的必须选），点“应用”；手工设好的对应会记住，下次同样表头的文件自动使用。",
                    "默认对手机号、地址和收货人姓名脱敏后再保存；只有确有需要时才取消某个文件的脱敏勾选。",
                    "点导入后一次写入：已经在工作区中的记录（同一订单号、退款编号、客服+日期、同一条消息……）不会重复计算。",
                ],
            },
        ],
    },
    import_fields_title: "每种表格至少需要的列",
    import_fields_hint: "“或”表示几列中有一列即可。其余列有则读取，没有也能导入。",
    import_errors_title: "常见错误提示的意思",
    import_errors_hint: "每条错误都写明文件、行号、列名和原值，并说明怎么处理；前 100 条逐条列出，其余只计数。有错的行会跳过，其余行照常导入。",

    qa: Step {
        title: "质检",
        when: "每周一、周二",
        lead: "导入聊天记录后，“质检”页自动检查每一个会话，不用抽样：响应时间、问候与告别、禁用语、站外交易风险、极限用语、迟回复未致歉、“稍等”后无下文、买家投诉信号等。",
        parts: &[
            Part {
                title: "自动质检与评分表",
                items: &[
                    "“总览”：每位客服的自动评分、人工复核分、最常违反的规则和每周趋势；点客服看其会话（最差在前），点会话看高亮的证据。",
                    "评分表按角色（售前/售后）分开：分类、权重、分值档数（是/否到 5 档）、不适用（N/A）、一票否决的关键项和加分项，都可在“规则与评分表”中修改。",
                    "买家说“投诉、12315、差评”等只作为风险标记，不扣客服的分。",
                ],
            },
            Part {
                title: "抽查与复核（键盘操作）",
                items: &[
                    "“抽查”：每位客服每周抽 N 个会话，按固定种子随机抽取，偏向高风险会话（自动分低、致命项、投诉信号、等待过久），已复核的不再抽。",
                    "复核界面：↑↓ 选择评分项，数字键 1–5 打分（1 最差），0 表示不适用，S 保存，[ 和 ] 切换上一个/下一个会话。改动自动评分时必须写原因。",
                    "人工复核分和自动分分开保存，自动分不会被覆盖。",
                ],
            },
            Part {
                title: "申诉与校准",
                items: &[
                    "“申诉”：客服对复核有异议时，在该会话的复核表中登记申诉和理由；“申诉”列表中未处理的在前，打开会话后接受（改分）或驳回。客服通过回复文件提出的申诉也会出现在这里。",
                    "“校准”：几位评审给同一批会话打分，只比较不改分；显示每个分类的一致率和每位评审的偏差。",
                    "“未成交分析”（需要订单数据）：咨询后没有下单的买家，按原因（价格、库存、尺码、物流、回复慢）分组，并给出例子。",
                ],
            },
        ],
    },

    kpi: Step {
        title: "绩效",
        when: "每天看日报，周一出周报，月初做上月考核",
        lead: "“绩效”页按平台的口径计算客服指标：接待、询单、转化、销售额、响应时间、退款、评价、质检分和考勤。可按客服、角色、店铺、日、周、月或任意时间段查看。",
        parts: &[
            Part {
                title: "指标表",
                items: &[
                    "选时间范围（最近 7 天、本月或任意日期）和分组方式；最后一行是团队合计。",
                    "点任何一个数字，都能看到它的公式、分子、分母和背后的明细行（买家信息已脱敏）。",
                    "带 * 的数字仍在成熟期内（付款或退款可能还会发生），以后可能变化。",
                    "可导出 XLSX（数字格式、冻结表头）或 CSV，可打印 A4。只导入了客服接待数据（没有聊天和订单）时，指标取自接待数据。",
                ],
            },
            Part {
                title: "日报、周报、月报",
                items: &[
                    "关键指标与上一期对比（箭头、正负号和“变好/变差”，黑白打印也看得清），每位客服一行的表格可按任意列排序。",
                    "图表：趋势、按客服的柱状图、响应时间分布、按星期 × 小时的咨询热力图。",
                ],
            },
            Part {
                title: "月度考核",
                items: &[
                    "按模板给每位客服打分：考核项、权重、目标、得分档位，扣分项（考勤、严重质检问题、有效投诉）和主管加减分，得出总分、等级和奖金，并排出团队名次。",
                    "每位客服一张考核单，主管可写评语、打分；评语和模板修改会自动保存，也会随备份带走。",
                    "模板在“月度考核”中编辑（售前、售后各一套），比率按百分数填写；权重合计不对时会提示。",
                ],
            },
        ],
    },

    roster: Step {
        title: "排班",
        when: "每周四、周五排下周的班",
        lead: "“排班”页从聊天记录预测咨询量，算出每 30 分钟需要几名客服在线，再自动排出既合法又公平的班表。",
        parts: &[
            Part {
                title: "预测与人手",
                items: &[
                    "① 咨询量预测：按历史的星期 × 时段规律和趋势预测每 30 分钟的新咨询数；可以标记大促、节日、直播日（倍数）和手工改某个时段；用留出的最近几天检验误差（MAPE）。",
                    "② 所需人手：用 Erlang C（填写买家耐心后用 Erlang A）换算，参数有平均处理时长、同时接待数、服务水平目标（如 80% 在 30 秒内回复，也可选培训中的“黄金 6 秒”）、最高占用率和损耗率；售前、售后和各店铺分开计算。",
                ],
            },
            Part {
                title: "规则、生成与修改",
                items: &[
                    "③ 客服、请假与规则：每人的技能、合同工时、可否上夜班、请假和想上/想休的日子；班次模板（早、中、晚班，含休息）；硬性规则（劳动法、两班间休息、连续上班天数）和软性规则的权重。",
                    "④ 自动排班：先快速构造，再不断改进；图上实时显示目标值，随时可停，停下时保留最好的结果。同一种子得到同一结果。",
                    "⑤ 排班表：点格子改班，违反的规则和覆盖变化立即显示；可以锁定格子后只重排其余部分。",
                    "⑥ 覆盖图（需求与在岗对比）、每人工时汇总；打印 A4 横向周班表（黑白可读），导出 CSV 和每人的 iCalendar 日程。⑦ 当日调整：输入今天已到的咨询量，看余下时段缺人或多人，以及叫人替补、延长或挪班的建议。",
                ],
            },
        ],
    },

    training: Step {
        title: "培训与登记",
        when: "每周五例会；新人入职时",
        lead: "“培训”页把质检和绩效中发现的问题变成培训材料，并管理话术库和团队的登记簿。",
        parts: &[
            Part {
                title: "培训单、培训计划和例会",
                items: &[
                    "培训单（每人一张 A4）：本期指标与目标对比、最常违反的规则及其本人会话摘录（已脱敏）、话术库中的标准回复、练习任务和签字栏。",
                    "培训计划：从团队最常见的问题中选主题，安排场次（日期、讲师、参加人员）并记录出勤；培训前后对比同一批规则的质检通过率。",
                    "例会单：本周关键指标与上周对比、主要问题和例子、行动项和负责人。新人清单：产品知识、平台规则、接待流程（进门问好 → 接待咨询 → 提问 → 推荐商品 → 处理异议 → 促成交易 → 确认订单 → 礼貌告别）、工具，逐项签字确认。",
                ],
            },
            Part {
                title: "话术库与登记簿",
                items: &[
                    "话术库按接待环节分类（问候、咨询、推荐、处理异议、催付、核对地址、售后、安抚、告别），可编辑、搜索、CSV 导入导出；从聊天记录中找出买家最常问的问题和得分最高的回复，作为候选话术。",
                    "投诉/维权登记：来源、客户（脱敏）、订单、类别、处理人、承诺回复时间、状态、回访日期和结果；超时的会标红，可链接到对应会话。",
                    "奖惩登记：由考核和考勤规则自动生成，也可手工添加。每个登记簿都能导出 XLSX/CSV 和打印。",
                ],
            },
        ],
    },

    sharing: Step {
        title: "分享与备份",
        when: "月底发给客服；每周备份一次",
        lead: "本工具没有服务器和账号，分享靠文件：给每位客服一个只含本人数据的绩效包，客服的申诉和确认再以回复文件带回来。",
        parts: &[
            Part {
                title: "客服绩效包和回复文件",
                items: &[
                    "为一位或全部客服导出绩效包：只含该客服本人的指标、考核、质检复核（连同其会话，买家信息已脱敏）、培训单和个人班表，别人的数据完全不在文件里。",
                    "客服用同一个网址打开本工具，把绩效包拖进来，就能只读查看；可以对某次复核提出申诉、确认培训单，这会生成一个小的回复文件。",
                    "主管把回复文件拖回本工具，申诉出现在“质检 → 申诉”中等待处理。",
                ],
            },
            Part {
                title: "口令保护与备份",
                items: &[
                    "绩效包和完整备份都可以设口令加密（Argon2id 派生密钥，XChaCha20-Poly1305 加密并校验）。口令错误或文件被改动时会明确提示，不会改动任何数据。口令忘记就无法打开，请另行妥善保管。",
                    "“设置 → 备份与恢复”把整个工作区（全部数据集、质检复核、考核评语、班表、登记簿和设置）导出为一个 .zip 文件，在任何电脑的本工具中都能恢复；恢复会替换当前工作区。",
                    "建议每周导出一次备份，保存在公司规定的位置。",
                ],
            },
        ],
    },

    formulas_title: "全部计算公式",
    formulas_intro: "以下公式、规则说明和参数直接取自程序的计算代码，与各页面“说明”中的内容一致。",
    f_kpi: "绩效指标",
    f_appraisal: "考核总分怎么算",
    f_qa_rules: "每条质检规则检查什么",
    f_qa_rules_hint: "这里是默认设置；修改后的规则以“质检 → 说明”为准。",
    f_roster: "排班：人手怎么算",
    f_roster_rules: "排班规则（硬性必须遵守，软性尽量满足）",
    f_training: Part {
        title: "培训前后对比",
        items: &[
            "通过率 = 用到这些规则的会话中，没有违反这些规则的会话所占比例 × 100（100 表示没有人再犯这些错误）；同时给出这些会话的自动评分平均值。",
            "比较培训日之前 N 天与之后 N 天（培训当天不计）；记录了出勤时只统计到场的人，否则统计全组。",
        ],
    },

    privacy_title: "隐私说明",
    privacy_lead: "本工具是一个静态网页。打开后，所有读取、计算、打印和导出都在这台电脑的浏览器里完成，没有服务器，没有账号，不上传任何数据。",
    privacy_where: "数据保存在哪里",
    privacy_parts: &[
        Part {
            title: "什么都不会离开这台电脑",
            items: &[
                "页面不发出任何网络请求：安全策略（CSP）只允许加载本网站自己的文件，离线缓存也只保存本网站的程序文件。断网后照样可以使用。",
                "只有您主动导出、下载或打印的文件才会离开浏览器，保存到您选择的位置。",
            ],
        },
        Part {
            title: "脱敏",
            items: &[
                "导入时默认对手机号、地址和收货人姓名脱敏后再保存。",
                "页面、打印件和导出文件中，买家昵称、手机号和地址都以脱敏形式出现；培训单、例会单和投诉登记中的聊天摘录也会去掉手机号和地址。",
                "导出的表格会把以 = + - @ 开头的单元格转成文本，防止在 Excel 中被当作公式执行。",
            ],
        },
        Part {
            title: "如何删除",
            items: &[
                "删除某位买家（个人信息删除请求）：在“设置 → 数据权利”输入买家 ID，先预览会删除哪些记录，确认后永久删除所有提到该 ID 的聊天、订单、退款、评价、质检评语和登记内容。",
                "保留期限：在同一处设置只保留最近 N 个月的数据，先预览再删除较早的记录。",
                "全部删除：“设置 → 清除全部数据”删除本浏览器中的全部数据集、工作记录和另存的数据（界面语言等设置保留）；也可以在浏览器设置中清除本网站的数据，这会连设置一起删除。",
                "已导出的备份、绩效包和打印件不受以上操作影响，需要自行删除或销毁。",
            ],
        },
    ],
};

static EN: ManualText = ManualText {
    title: "Guide",
    intro: "This guide follows a customer-service supervisor's week: import the back-office exports, then check chat quality, compute KPIs, plan shifts, prepare training, and share the results with the agents. Every step can be tried with the demo data first. All formulas follow, and finally the privacy statement.",
    toc: "Contents",
    week_title: "The week",
    print: "Print the guide",
    try_demo: "Load the demo data and open this page",
    try_demo_hint: "The demo is a fictional team of 14 agents (four weeks of chats, orders, refunds, reviews, reception stats and attendance). Loading it replaces the current workspace.",
    open_page: "Open this page",
    live_title: "Figures of the current workspace",
    live_empty: "The workspace is empty: import files on the Import page, or load the demo data with the button above, and the real figures appear here.",
    live_loading: "Computing…",
    help_link: "Guide for this page",

    import: Step {
        title: "Import",
        when: "Monday morning (every day during big sales)",
        lead: "Drop the files exported from the back-offices anywhere on the window, or press “Choose files” on the Import page. Several files or one zip archive at a time are fine. Files are read, checked and previewed first; nothing is stored until you confirm.",
        parts: &[
            Part {
                title: "Where to export from",
                items: &[
                    "Taobao/Tmall (千牛 seller centre): “交易 → 已卖出的宝贝 → 批量导出” gives the order report and the order-line report (宝贝报表); “售后 → 退款管理” exports refunds; review management or a review plug-in exports reviews.",
                    "Reception stats: the per-agent reports of 生意参谋 or tools such as 赤兔 (buyers received, enquiries, enquiry → payment rate, first response…). When the file name carries a date range (e.g. 客服接待数据_2026-10-19至2026-11-15.xlsx) that range dates the rows; summary rows such as 汇总 and 均值 are skipped.",
                    "JD (京麦), Pinduoduo (merchant back-office), Douyin (抖店): export CSV or Excel from order, after-sale and review management. Different headers are fine: columns are recognised by the usual ways each platform names them.",
                    "Chat logs: the platforms have no official bulk export. Copy the chat text out of the 千牛 window and save it as .txt, or use an exporter's one-JSON-file-per-buyer output, a “客户ID | 聊天记录” spreadsheet, or a generic one-message-per-row table (time, conversation, sender, role, text).",
                    "Staff list and attendance: the company's own spreadsheets, with at least a sub-account or a name; attendance needs a date and a status (late, absent…).",
                    "Back-office menu names change between versions; follow what the screen shows.",
                ],
            },
            Part {
                title: "Formats and encodings",
                items: &[
                    "CSV, TSV (tab-separated), XLSX, XLS, 千牛 chat text, chat JSON, and zip archives of these.",
                    "The encoding is detected: UTF-8 (with or without BOM), GBK/GB18030 (common in older exports), UTF-16. There is no need to re-save in Excel first.",
                    "The usual oddities are read: ids written =\"1930679858170647\", amounts with 元, 无退款申请, full-width digits, every date style and Excel date numbers, headers with trailing spaces.",
                    "Do not open and re-save long ids in Excel: it turns order numbers into scientific notation such as 1.93068E+15 and the last digits are lost.",
                ],
            },
            Part {
                title: "Preview, column mapping, confirm",
                items: &[
                    "Each file shows the kind of data found, how each column was read (usable, empty, wrong) and its first lines as written.",
                    "When the columns cannot be told apart, choose the file's column for each field (those marked * are required) and press Apply; a mapping made by hand is remembered for files with the same header.",
                    "Phones, addresses and receiver names are masked before storing by default; untick masking for a file only when really needed.",
                    "Import writes everything at once: records the workspace already has (same order id, refund id, agent + date, the same message…) are never counted twice.",
                ],
            },
        ],
    },
    import_fields_title: "Columns each table needs at least",
    import_fields_hint: "“or” means one of the columns is enough. Other columns are read when present and may be missing.",
    import_errors_title: "What the common error messages mean",
    import_errors_hint: "Every error names the file, row, column and value and says what to do; the first 100 are listed, the rest counted. Rows with errors are skipped, the others are imported.",

    qa: Step {
        title: "Quality assurance",
        when: "Monday and Tuesday",
        lead: "Once chat logs are imported, the QA page checks every conversation automatically — no sampling needed: response times, greeting and farewell, forbidden words, off-platform risk, absolute claims, late replies without apology, “one moment” with no follow-up, buyer escalation words.",
        parts: &[
            Part {
                title: "Automatic QA and scorecards",
                items: &[
                    "Overview: each agent's automatic score, human review score, most-failed rules and weekly trend; click an agent for their conversations (worst first), a conversation for the highlighted evidence.",
                    "Scorecards per role (pre-sale/after-sale): categories, weights, point scales (yes/no up to 5 values), N/A, critical (auto-fail) items and bonus items, all editable under Rules & scorecards.",
                    "Buyers writing 投诉, 12315, 差评 and the like are flagged as a risk and never cost the agent points.",
                ],
            },
            Part {
                title: "Sampling and review (keyboard)",
                items: &[
                    "Sampling: N conversations per agent per week, drawn with a fixed seed and weighted towards risk (low automatic score, critical failure, escalation words, long waits); reviewed ones are skipped.",
                    "Review screen: ↑↓ pick a category, 1–5 give points (1 worst), 0 marks N/A, S saves, [ and ] go to the previous/next conversation. Changing an automatic value needs a reason.",
                    "Human review scores are kept apart from the automatic ones, which are never overwritten.",
                ],
            },
            Part {
                title: "Disputes and calibration",
                items: &[
                    "Disputes: when an agent disagrees with a review, register the dispute and its reason on that conversation's review form; the Disputes list shows open ones first, and the conversation's form accepts it (rescore) or rejects it. Disputes agents send in reply files appear here too.",
                    "Calibration: several reviewers score the same conversations; nothing is changed, the page shows the agreement per category and each reviewer's deviation.",
                    "Unconverted (needs orders): buyers who enquired and did not order, grouped by reason (price, stock, size, shipping, slow reply), with examples.",
                ],
            },
        ],
    },

    kpi: Step {
        title: "KPIs and appraisal",
        when: "Daily report every day, weekly on Monday, the appraisal at the start of the month",
        lead: "The KPI page computes the agents' figures the way the platforms do: reception, enquiries, conversion, sales, response times, refunds, reviews, QA scores and attendance — per agent, role, shop, day, week, month or any range.",
        parts: &[
            Part {
                title: "KPI table",
                items: &[
                    "Pick a range (last 7 days, this month, any dates) and a grouping; the last row is the team.",
                    "Click any figure to see its formula, numerator, denominator and the rows behind it (buyers masked).",
                    "Figures marked * are still maturing (payments or refunds may still come) and may change.",
                    "Export XLSX (number formats, frozen header) or CSV, or print on A4. With only reception stats imported (no chats or orders) the KPIs come from those files.",
                ],
            },
            Part {
                title: "Daily, weekly and monthly reports",
                items: &[
                    "Headline KPIs against the previous period (arrow, sign and better/worse, readable in black and white) and a per-agent table sortable by any column.",
                    "Charts: trends, per-agent bars, the response-time distribution, and an enquiries heat map by weekday × hour.",
                ],
            },
            Part {
                title: "Monthly appraisal",
                items: &[
                    "Each agent is scored by a template: items, weights, targets, scoring bands, penalties (attendance, critical QA failures, valid complaints) and supervisor points → total, grade and bonus, with the team ranking.",
                    "One sheet per agent with the supervisor's rating and comment; comments and template edits are saved at once and travel with backups.",
                    "Edit the templates (one for pre-sale, one for after-sale) under Monthly appraisal; rates are typed as percentages and a wrong weight sum is flagged.",
                ],
            },
        ],
    },

    roster: Step {
        title: "Roster",
        when: "Thursday and Friday, for the week after",
        lead: "The Roster page forecasts the chats from the logs, works out how many agents must be online in each 30 minutes, and generates a legal, fair roster.",
        parts: &[
            Part {
                title: "Forecast and staffing",
                items: &[
                    "① Forecast: new chats per 30 minutes from the weekday × time-of-day pattern and the trend; mark sales, holidays and live-stream days (multipliers) and override single intervals; the error (MAPE) is measured on the most recent days held back.",
                    "② Agents needed: Erlang C (Erlang A once a buyer patience is given) with the handling time, chats at once, the service-level target (e.g. 80% answered within 30 s, or the training deck's golden 6 seconds), maximum occupancy and shrinkage; pre-sale, after-sale and each shop separately.",
                ],
            },
            Part {
                title: "Rules, generating, editing",
                items: &[
                    "③ Staff, leave and rules: each agent's skills, contract hours, nights allowed, leave and requested shifts or days off; shift templates (early, middle, late, with breaks); hard rules (labour law, rest between shifts, consecutive days) and soft rule weights.",
                    "④ Generate: a quick construction, then steady improvement; the chart shows the objective live, Stop keeps the best roster so far. The same seed gives the same roster.",
                    "⑤ Roster: click a cell to change a shift; broken rules and the coverage effect show at once; lock cells and re-optimise the rest.",
                    "⑥ Coverage chart (required vs on the floor) and hours per agent; print the weekly sheet on A4 landscape (black-and-white readable), export CSV and an iCalendar file per agent. ⑦ Intraday: enter today's chats so far to see under- or over-staffing for the rest of the day, with suggestions to call someone in, extend or move a shift.",
                ],
            },
        ],
    },

    training: Step {
        title: "Training and registers",
        when: "Friday team meeting; when someone new starts",
        lead: "The Training page turns what QA and the KPIs found into training material, and keeps the script library and the team's registers.",
        parts: &[
            Part {
                title: "Training sheets, plan and meeting",
                items: &[
                    "Training sheet (one A4 per agent): the period's KPIs against targets, the rules they failed most with excerpts from their own conversations (masked), the model replies from the script library, a practice task and signature lines.",
                    "Training plan: topics from the team's most frequent failures, sessions (date, trainer, attendees) with attendance, and a before/after comparison of the QA pass rate on the session's rules.",
                    "Meeting sheet (例会): this week's headline KPIs against last week, top problems with examples, actions and owners. New-hire checklist: product, platform rules, the reception flow (greet → enquiry → ask → recommend → objections → close → confirm the order → farewell), tools — each signed off.",
                ],
            },
            Part {
                title: "Script library and registers",
                items: &[
                    "The script library, by stage of the reception (greeting, enquiry, recommendation, objection, urging payment, address confirmation, after-sale, soothing, farewell): edit, search, CSV import and export; the buyers' most frequent questions and the best-scoring replies from the logs are offered as candidates.",
                    "Complaints and disputes register: source, customer (masked), order, category, handler, promised reply time, status, follow-up date and result; overdue items are highlighted and link to the conversation.",
                    "Rewards and penalties register: filled from the appraisal and attendance rules, plus manual entries. Every register exports to XLSX/CSV and prints.",
                ],
            },
        ],
    },

    sharing: Step {
        title: "Sharing and backups",
        when: "Month end for the agents; a backup every week",
        lead: "There is no server and no account: sharing happens through files. Each agent gets a packet with only their own data, and their disputes and acknowledgements come back as a reply file.",
        parts: &[
            Part {
                title: "Agent packets and reply files",
                items: &[
                    "Export a packet for one agent or for all: only that agent's KPIs, appraisal, QA reviews with their own conversations (buyers masked), training sheet and personal schedule; nobody else's data is in the file at all.",
                    "The agent opens the same address, drops the packet in and sees it read-only; they can dispute a review or acknowledge a training sheet, which makes a small reply file.",
                    "The supervisor drops the reply file back in; the dispute appears under QA → Disputes.",
                ],
            },
            Part {
                title: "Passphrases and backups",
                items: &[
                    "Packets and full backups can be protected with a passphrase (key derived with Argon2id, encrypted and authenticated with XChaCha20-Poly1305). A wrong passphrase or a changed file is reported clearly and changes nothing. A forgotten passphrase cannot be recovered: keep it safe separately.",
                    "Settings → Backup and restore exports the whole workspace (every dataset, QA reviews, appraisal comments, rosters, registers and the settings) as one .zip file that restores in this tool on any computer; restoring replaces the current workspace.",
                    "Export a backup every week and keep it where the company says.",
                ],
            },
        ],
    },

    formulas_title: "Every formula",
    formulas_intro: "The formulas, rule texts and parameters below come straight from the code that computes them, and match the Help of each page.",
    f_kpi: "KPIs",
    f_appraisal: "How the appraisal total is computed",
    f_qa_rules: "What each QA rule checks",
    f_qa_rules_hint: "These are the defaults; once the rules are edited, QA → Help shows the ones in use.",
    f_roster: "Roster: how agents are computed",
    f_roster_rules: "Roster rules (hard: always kept; soft: met where possible)",
    f_training: Part {
        title: "Before/after a training session",
        items: &[
            "Pass rate = of the conversations where any of the session's rules applied, the share with no hit of those rules, × 100 (100 = nobody made these mistakes); the mean automatic score of the same conversations is shown beside it.",
            "N days before the session are compared with N days after (the session day counts in neither); once attendance is taken only the attendees present count, otherwise the whole team.",
        ],
    },

    privacy_title: "Privacy",
    privacy_lead: "This tool is a static web page. Once it is open, all reading, computing, printing and exporting happens in this computer's browser: no server, no account, no upload.",
    privacy_where: "What is stored where",
    privacy_parts: &[
        Part {
            title: "Nothing leaves this computer",
            items: &[
                "The page makes no network requests: its security policy (CSP) only allows the site's own files, and the offline cache only keeps the site's program files. It keeps working without a network.",
                "Only files you export, download or print yourself leave the browser, to the place you choose.",
            ],
        },
        Part {
            title: "Masking",
            items: &[
                "Phones, addresses and receiver names are masked before storing by default.",
                "Screens, prints and exports show buyer nicks, phones and addresses masked; chat excerpts in training sheets, meeting sheets and the complaints register have phones and addresses removed.",
                "Exported spreadsheets turn cells starting with = + - @ into text, so Excel never runs them as formulas.",
            ],
        },
        Part {
            title: "How to erase",
            items: &[
                "One buyer (a personal-data deletion request): in Settings → Data rights enter the buyer id, preview what would go, then erase for good every chat, order, refund, review, QA comment and register entry that mentions the id.",
                "Retention: in the same place keep only the last N months; preview, then drop the older rows.",
                "Everything: Settings → Clear all data removes every dataset, the user work and anything kept aside from this browser (settings such as the language stay); clearing the site's data in the browser's settings removes the settings too.",
                "Backups, packets and prints already made are not touched by any of this: delete or shred them yourself.",
            ],
        },
    ],
};
