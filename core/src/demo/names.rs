//! Names and personal details for the synthetic team and its buyers: Chinese real names,
//! agent nicknames, Taobao-style buyer nicks, mobile numbers and delivery addresses.
//!
//! All of it is made up from small word lists; uniqueness (real names, nicknames, buyer
//! nicks) is enforced by the callers with a set of names already used.

use std::collections::HashSet;

use super::util::{Rng, between, chance, index, pick, push_digits, word};

/// Common surnames, most frequent first (the list is sampled with a bias to the front).
pub(crate) const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何",
    "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田",
    "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚",
    "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白",
    "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺",
    "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴",
];

/// Given names usual for women (most of a customer-service team).
pub(crate) const GIVEN_F: &[&str] = &[
    "美玲", "雅婷", "晓燕", "丽娟", "思雨", "佳怡", "欣悦", "梦瑶", "婷婷", "静", "敏", "倩", "颖", "芳",
    "娜", "雪", "慧敏", "晨曦", "子涵", "雨萱", "诗琪", "若彤", "梓萱", "可欣", "嘉怡", "心怡", "玉兰",
    "春燕", "海燕", "秀英", "桂芳", "凤霞", "晓琳", "文静", "艳红", "丹丹", "露", "琳", "洁", "莉", "萍",
    "楠", "瑶", "悦", "彤", "雯", "璐", "菲", "蕾", "晶晶", "小红", "雨桐", "诗涵", "语嫣", "梦琪", "欣怡",
    "思彤", "佳琪", "一诺", "安琪", "晓雯",
];

/// Given names usual for men.
pub(crate) const GIVEN_M: &[&str] = &[
    "杰", "浩然", "子轩", "俊杰", "宇航", "志强", "明辉", "文博", "家豪", "振宇", "伟", "磊", "涛", "鹏",
    "超", "勇", "军", "斌", "强", "峰", "建华", "晓东", "海波", "天宇", "嘉伟", "博文",
];

/// Agent nicknames (the part after `店铺名:`), with whether they read as a man's nickname.
pub(crate) const NICKS: &[(&str, bool)] = &[
    ("小美", false),
    ("小雅", false),
    ("阿杰", true),
    ("晓晓", false),
    ("小鹿", false),
    ("可可", false),
    ("糖糖", false),
    ("小七", false),
    ("安安", false),
    ("豆豆", false),
    ("阿宁", false),
    ("小舟", true),
    ("若溪", false),
    ("暖暖", false),
    ("小橙", false),
    ("沐沐", false),
    ("小夏", false),
    ("阿哲", true),
    ("甜甜", false),
    ("悠悠", false),
    ("小米", false),
    ("乐乐", false),
    ("朵朵", false),
    ("小白", true),
    ("琪琪", false),
    ("阿福", true),
    ("小蕊", false),
    ("念念", false),
    ("初夏", false),
    ("柚子", false),
    ("桃子", false),
    ("芒果", false),
    ("小鱼", false),
    ("果果", false),
    ("嘟嘟", false),
    ("小满", false),
    ("阿青", false),
    ("晴天", false),
    ("小雨", false),
    ("木木", false),
    ("球球", false),
    ("小九", false),
    ("小贝", false),
    ("丁丁", true),
    ("冬冬", true),
    ("阿月", false),
    ("星星", false),
    ("小葵", false),
    ("一一", false),
    ("叮当", false),
];

const SOFT: &[&str] = &[
    "小鱼儿",
    "橘子",
    "奶茶",
    "星星",
    "月亮",
    "棉花糖",
    "小熊",
    "兔子",
    "柠檬",
    "薄荷",
    "芒果",
    "桃子",
    "西瓜",
    "布丁",
    "猫咪",
    "阿狸",
    "小猪",
    "团子",
    "饺子",
    "汤圆",
    "小鹿",
    "木木",
    "晴天",
    "雨后",
    "微风",
    "晚风",
    "向日葵",
    "小确幸",
    "花卷",
    "糯米",
    "芝士",
    "可乐",
    "咖啡",
    "栗子",
    "豆包",
    "土豆",
    "番茄",
    "樱桃",
    "蓝莓",
    "椰子",
    "雪糕",
    "年糕",
    "鱼丸",
    "大白",
    "小怪兽",
    "胖虎",
    "旺仔",
    "喵喵",
    "兜兜",
    "点点",
    "果冻",
    "汽水",
    "山竹",
    "荔枝",
    "海盐",
    "云朵",
    "风铃",
    "萤火虫",
    "小太阳",
    "蜗牛",
    "企鹅",
    "考拉",
    "刺猬",
    "奶糖",
    "麻薯",
    "泡芙",
    "酸奶",
    "橙子",
];

const ADJ: &[&str] = &[
    "快乐的",
    "可爱的",
    "勇敢的",
    "安静的",
    "爱笑的",
    "迷路的",
    "想睡觉的",
    "会飞的",
    "胖胖的",
    "甜甜的",
    "温柔的",
    "努力的",
    "发呆的",
    "追风的",
    "奔跑的",
    "害羞的",
    "减肥中的",
    "不吃香菜的",
    "认真的",
    "慢吞吞的",
    "元气满满的",
    "暴躁的",
    "佛系的",
    "熬夜的",
];

const VERB: &[&str] = &[
    "不吃鱼",
    "爱喝奶茶",
    "要减肥",
    "在发呆",
    "想暴富",
    "睡不醒",
    "爱吃肉",
    "去旅行",
    "不加班",
    "爱购物",
    "会唱歌",
    "要早睡",
    "吃不胖",
    "在路上",
    "今天也要开心",
    "种太阳",
    "爱晒太阳",
    "想放假",
    "学做饭",
    "爱追剧",
];

const EN: &[&str] = &[
    "lily", "sunny", "coco", "vivian", "amy", "grace", "linda", "cherry", "kiki", "nana", "yoyo", "momo",
    "jenny", "lucy", "mia", "emma", "tina", "judy", "apple", "candy", "echo", "ivy", "sophie", "alice",
    "rain", "summer", "luna", "bella", "zoe", "angel", "kevin", "tony",
];

const PY_SUR: &[&str] =
    &["zhang", "wang", "li", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "lin"];
const PY_GIVEN: &[&str] = &[
    "xiaoyu", "meimei", "lili", "jing", "tingting", "yan", "fang", "min", "hui", "qian", "xin", "yue", "lei",
    "hao", "jie", "wei", "na", "ying",
];

/// A real name, not in `used`; the caller inserts it.
pub(crate) fn person_name(rng: &mut Rng, male: bool, used: &HashSet<String>) -> String {
    let mut attempt = 0;
    loop {
        // Bias towards the common surnames: square of a uniform index.
        let u = super::util::unit(rng);
        let s = SURNAMES[((u * u) * SURNAMES.len() as f64) as usize % SURNAMES.len()];
        let g = if male { pick(rng, GIVEN_M) } else { pick(rng, GIVEN_F) };
        let mut name = String::with_capacity(12);
        name.push_str(s);
        name.push_str(g);
        if attempt > 200 {
            // Thousands of combinations exist; this only guards a pathological team size.
            name.push_str(word(rng, GIVEN_F));
        }
        if !used.contains(&name) {
            return name;
        }
        attempt += 1;
    }
}

/// A receiver name for an order (no uniqueness needed).
pub(crate) fn receiver_name(rng: &mut Rng) -> String {
    let u = super::util::unit(rng);
    let s = SURNAMES[((u * u) * SURNAMES.len() as f64) as usize % SURNAMES.len()];
    let g = if chance(rng, 0.78) { pick(rng, GIVEN_F) } else { pick(rng, GIVEN_M) };
    format!("{s}{g}")
}

/// A Taobao-style buyer nick that is not yet in `used`; inserts it.
pub(crate) fn buyer_nick(rng: &mut Rng, used: &mut HashSet<String>) -> String {
    loop {
        let mut s = String::with_capacity(24);
        match index(rng, 100) {
            0..=21 => {
                s.push_str("tb_");
                s.push_str(word(rng, SOFT));
                let n = between(rng, 2, 4) as usize;
                push_digits(rng, &mut s, n);
            }
            22..=31 => {
                s.push_str("tb");
                let n = 9 + index(rng, 2);
                push_digits(rng, &mut s, n);
            }
            32..=47 => {
                s.push_str(word(rng, ADJ));
                s.push_str(word(rng, SOFT));
                if chance(rng, 0.5) {
                    s.push_str(&between(rng, 1985, 2012).to_string());
                }
            }
            48..=61 => {
                s.push_str(word(rng, SOFT));
                s.push_str(word(rng, VERB));
                if chance(rng, 0.3) {
                    push_digits(rng, &mut s, 2);
                }
            }
            62..=75 => {
                s.push_str(word(rng, EN));
                if chance(rng, 0.5) {
                    s.push('_');
                }
                if chance(rng, 0.5) {
                    s.push_str(&between(rng, 1980, 2008).to_string());
                } else {
                    let n = between(rng, 2, 4) as usize;
                    push_digits(rng, &mut s, n);
                }
            }
            76..=85 => {
                s.push_str(word(rng, PY_SUR));
                s.push_str(word(rng, PY_GIVEN));
                let n = between(rng, 2, 4) as usize;
                push_digits(rng, &mut s, n);
            }
            86..=93 => {
                s.push_str(word(rng, SOFT));
                s.push_str(word(rng, SOFT));
            }
            _ => {
                s.push_str("t_");
                s.push_str(&between(rng, 1_400_000_000_000, 1_700_000_000_000).to_string());
            }
        }
        if used.contains(&s) {
            push_digits(rng, &mut s, 2);
        }
        if !used.contains(&s) {
            used.insert(s.clone());
            return s;
        }
    }
}

const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156",
    "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181", "182", "183", "185", "186",
    "187", "188", "189", "191", "195", "198", "199",
];

/// An 11-digit mainland mobile number (made up).
pub(crate) fn mobile(rng: &mut Rng) -> String {
    let mut s = String::with_capacity(11);
    s.push_str(word(rng, MOBILE_PREFIXES));
    push_digits(rng, &mut s, 8);
    s
}

/// Province, city, districts; remote regions pay postage.
pub(crate) struct Region {
    pub province: &'static str,
    pub city: &'static str,
    pub districts: &'static [&'static str],
    pub remote: bool,
    /// Relative share of buyers.
    pub weight: f64,
}

macro_rules! region {
    ($p:expr, $c:expr, [$($d:expr),+], $w:expr) => {
        Region { province: $p, city: $c, districts: &[$($d),+], remote: false, weight: $w }
    };
    ($p:expr, $c:expr, [$($d:expr),+], $w:expr, remote) => {
        Region { province: $p, city: $c, districts: &[$($d),+], remote: true, weight: $w }
    };
}

pub(crate) const REGIONS: &[Region] = &[
    region!("浙江省", "杭州市", ["西湖区", "拱墅区", "上城区", "滨江区", "余杭区", "萧山区"], 6.0),
    region!("浙江省", "宁波市", ["鄞州区", "海曙区", "江北区"], 2.5),
    region!("浙江省", "温州市", ["鹿城区", "瓯海区", "龙湾区"], 2.0),
    region!("江苏省", "南京市", ["鼓楼区", "玄武区", "江宁区", "建邺区"], 3.5),
    region!("江苏省", "苏州市", ["姑苏区", "吴中区", "相城区", "虎丘区"], 3.5),
    region!("江苏省", "无锡市", ["梁溪区", "滨湖区"], 1.5),
    region!("上海", "上海市", ["浦东新区", "徐汇区", "闵行区", "静安区", "杨浦区", "宝山区"], 6.0),
    region!("北京", "北京市", ["朝阳区", "海淀区", "丰台区", "通州区", "昌平区"], 5.0),
    region!("天津", "天津市", ["南开区", "河西区", "和平区"], 1.5),
    region!("广东省", "广州市", ["天河区", "越秀区", "海珠区", "番禺区", "白云区"], 5.0),
    region!("广东省", "深圳市", ["南山区", "福田区", "宝安区", "龙岗区", "龙华区"], 5.0),
    region!("广东省", "佛山市", ["禅城区", "南海区", "顺德区"], 1.5),
    region!("四川省", "成都市", ["武侯区", "锦江区", "青羊区", "成华区", "双流区"], 3.5),
    region!("重庆", "重庆市", ["渝北区", "江北区", "沙坪坝区", "九龙坡区"], 2.5),
    region!("湖北省", "武汉市", ["洪山区", "武昌区", "江汉区", "江岸区"], 3.0),
    region!("湖南省", "长沙市", ["岳麓区", "雨花区", "开福区", "天心区"], 2.5),
    region!("山东省", "济南市", ["历下区", "市中区", "槐荫区"], 2.0),
    region!("山东省", "青岛市", ["市南区", "崂山区", "黄岛区", "李沧区"], 2.0),
    region!("河南省", "郑州市", ["金水区", "二七区", "中原区", "管城回族区"], 2.5),
    region!("福建省", "厦门市", ["思明区", "湖里区", "集美区"], 1.5),
    region!("福建省", "福州市", ["鼓楼区", "仓山区", "晋安区"], 1.5),
    region!("安徽省", "合肥市", ["蜀山区", "包河区", "庐阳区"], 2.0),
    region!("陕西省", "西安市", ["雁塔区", "碑林区", "未央区", "长安区"], 2.0),
    region!("河北省", "石家庄市", ["长安区", "裕华区", "桥西区"], 1.5),
    region!("辽宁省", "沈阳市", ["和平区", "浑南区", "沈河区"], 1.5),
    region!("辽宁省", "大连市", ["中山区", "沙河口区", "甘井子区"], 1.0),
    region!("黑龙江省", "哈尔滨市", ["南岗区", "道里区", "香坊区"], 1.0),
    region!("吉林省", "长春市", ["朝阳区", "南关区"], 0.8),
    region!("云南省", "昆明市", ["五华区", "盘龙区", "官渡区"], 1.0),
    region!("贵州省", "贵阳市", ["南明区", "观山湖区"], 0.8),
    region!("江西省", "南昌市", ["红谷滩区", "东湖区", "青山湖区"], 1.0),
    region!("广西壮族自治区", "南宁市", ["青秀区", "西乡塘区"], 1.0),
    region!("山西省", "太原市", ["小店区", "迎泽区"], 0.8),
    region!("海南省", "海口市", ["龙华区", "美兰区"], 0.5),
    region!("新疆维吾尔自治区", "乌鲁木齐市", ["天山区", "沙依巴克区"], 0.4, remote),
    region!("内蒙古自治区", "呼和浩特市", ["赛罕区", "新城区"], 0.4, remote),
    region!("甘肃省", "兰州市", ["城关区", "七里河区"], 0.4, remote),
];

const STREETS: &[&str] = &[
    "人民路",
    "解放路",
    "中山路",
    "建设路",
    "文化路",
    "和平路",
    "新华路",
    "长江路",
    "学院路",
    "朝阳路",
    "文三路",
    "滨江大道",
    "科技路",
    "幸福路",
    "青年路",
    "东风路",
    "花园路",
    "公园路",
    "迎宾大道",
    "南京路",
    "黄河路",
    "体育路",
    "人民大道",
    "光明路",
    "振兴路",
    "金融街",
    "创业路",
    "紫荆路",
    "桂花路",
    "育才路",
];

const COMPOUNDS: &[&str] = &[
    "阳光花园",
    "锦绣家园",
    "翠苑",
    "金色家园",
    "万科城",
    "碧桂园",
    "世纪新城",
    "绿地中心",
    "幸福里",
    "和谐家园",
    "滨江花园",
    "书香苑",
    "紫金华府",
    "星河湾",
    "中央公园",
    "保利城",
    "龙湖天街",
    "嘉园",
    "春晓苑",
    "丽景湾",
];

/// `浙江省 杭州市 西湖区 文三路138号翠苑3栋2单元1201室`, the way 订单报表 writes addresses.
pub(crate) fn address(rng: &mut Rng, region: &Region, district: usize) -> String {
    let district = region.districts[district % region.districts.len()];
    let street = pick(rng, STREETS);
    let no = between(rng, 1, 888);
    match index(rng, 10) {
        0..=5 => format!(
            "{} {} {} {}{}号{}{}栋{}单元{}室",
            region.province,
            region.city,
            district,
            street,
            no,
            pick(rng, COMPOUNDS),
            between(rng, 1, 28),
            between(rng, 1, 4),
            between(rng, 1, 32) * 100 + between(rng, 1, 4)
        ),
        6..=7 => format!(
            "{} {} {} {}{}号{}大厦{}楼",
            region.province,
            region.city,
            district,
            street,
            no,
            pick(rng, &["创新", "国贸", "时代", "财富", "金融", "科技"]),
            between(rng, 2, 30)
        ),
        _ => format!(
            "{} {} {} {}{}弄{}号{}室",
            region.province,
            region.city,
            district,
            street,
            no,
            between(rng, 1, 60),
            between(rng, 101, 1802)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::util::stream;

    #[test]
    fn nicks_are_unique_and_plausible() {
        let mut rng = stream(3, 3);
        let mut used = HashSet::new();
        for _ in 0..20_000 {
            let n = buyer_nick(&mut rng, &mut used);
            assert!(!n.is_empty() && !n.contains(':'));
        }
        assert_eq!(used.len(), 20_000);
    }

    #[test]
    fn phones_and_addresses_look_right() {
        let mut rng = stream(3, 4);
        for _ in 0..200 {
            let p = mobile(&mut rng);
            assert_eq!(p.len(), 11);
            assert!(p.starts_with('1') && p.bytes().all(|b| b.is_ascii_digit()));
            let r = pick(&mut rng, REGIONS);
            let a = address(&mut rng, r, 7);
            assert!(a.starts_with(r.province) && a.contains('号'));
        }
        assert!(NICKS.len() >= 40 && SURNAMES.len() >= 80);
    }
}
