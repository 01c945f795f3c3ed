//! The demo shop's catalogue (a cotton-clothing flagship store), carriers and tracking
//! numbers, and the size advice a buyer's height and weight imply.

use super::util::{Rng, between, index, push_digits, weighted};

/// One product (宝贝).
pub(crate) struct Product {
    /// Title without the shop prefix (the prefix is added when writing an order).
    pub title: &'static str,
    /// What buyers and agents call it in chat (`卫衣`).
    pub short: &'static str,
    /// Unit price in fen.
    pub price: i64,
    pub colors: &'static [&'static str],
    pub sizes: &'static [&'static str],
    /// 商家编码 stem.
    pub code: &'static str,
    /// 面料成分, as agents quote it.
    pub fabric: &'static str,
    /// Relative popularity.
    pub weight: f64,
    /// Lengths quoted for size M (衣长/裤长 cm).
    pub length_cm: u32,
}

const TOP: &[&str] = &["S", "M", "L", "XL", "XXL"];
const ONE: &[&str] = &["均码"];

macro_rules! p {
    ($t:expr, $s:expr, $yuan:expr, [$($c:expr),+], $sz:expr, $code:expr, $f:expr, $w:expr, $len:expr) => {
        Product {
            title: $t,
            short: $s,
            price: ($yuan * 100.0) as i64,
            colors: &[$($c),+],
            sizes: $sz,
            code: $code,
            fabric: $f,
            weight: $w,
            length_cm: $len,
        }
    };
}

pub(crate) const PRODUCTS: &[Product] = &[
    p!(
        "纯棉圆领短袖T恤女2026新款宽松百搭打底衫",
        "T恤",
        59.0,
        ["白色", "黑色", "米白", "雾霾蓝", "豆沙粉"],
        TOP,
        "MY-T2031",
        "100%棉",
        9.0,
        62
    ),
    p!(
        "长袖纯棉打底衫女秋冬内搭修身上衣",
        "打底衫",
        69.0,
        ["白色", "黑色", "燕麦色", "浅灰"],
        TOP,
        "MY-T2045",
        "95%棉 5%氨纶",
        8.0,
        60
    ),
    p!(
        "重磅纯棉连帽卫衣女秋季宽松慵懒风外套",
        "连帽卫衣",
        159.0,
        ["燕麦色", "浅灰", "藏青", "奶咖"],
        TOP,
        "MY-W3102",
        "100%棉 400g重磅毛圈",
        9.0,
        68
    ),
    p!(
        "圆领加绒卫衣女冬季加厚保暖上衣",
        "加绒卫衣",
        179.0,
        ["米白", "焦糖色", "黑色", "牛油果绿"],
        TOP,
        "MY-W3118",
        "80%棉 20%聚酯纤维 内里加绒",
        7.0,
        66
    ),
    p!(
        "高腰阔腿裤女垂感直筒休闲裤",
        "阔腿裤",
        129.0,
        ["黑色", "杏色", "深灰"],
        TOP,
        "MY-K4006",
        "72%粘纤 25%锦纶 3%氨纶",
        8.0,
        100
    ),
    p!(
        "纯棉休闲裤女松紧腰束脚运动裤",
        "束脚裤",
        99.0,
        ["浅灰", "藏青", "黑色"],
        TOP,
        "MY-K4012",
        "100%棉 毛圈",
        6.0,
        96
    ),
    p!(
        "高腰直筒牛仔裤女显瘦九分裤",
        "牛仔裤",
        149.0,
        ["浅蓝", "深蓝", "黑色"],
        TOP,
        "MY-K4030",
        "98%棉 2%氨纶",
        6.0,
        92
    ),
    p!(
        "法式碎花连衣裙女秋季收腰长裙",
        "碎花裙",
        199.0,
        ["酒红碎花", "藏青碎花"],
        TOP,
        "MY-Q5008",
        "100%粘纤",
        5.0,
        118
    ),
    p!(
        "针织开衫女秋季软糯毛衣外套",
        "针织开衫",
        169.0,
        ["米白", "燕麦色", "雾霾蓝", "豆沙粉"],
        TOP,
        "MY-Z6015",
        "55%棉 45%腈纶",
        6.0,
        58
    ),
    p!(
        "半高领羊毛混纺毛衣女打底针织衫",
        "半高领毛衣",
        239.0,
        ["驼色", "黑色", "米白", "酒红"],
        TOP,
        "MY-Z6022",
        "30%羊毛 70%腈纶",
        5.0,
        60
    ),
    p!(
        "双面羊毛呢大衣女中长款",
        "呢大衣",
        399.0,
        ["驼色", "黑色", "燕麦色"],
        TOP,
        "MY-D7001",
        "90%羊毛 10%其他纤维",
        3.0,
        105
    ),
    p!(
        "短款白鸭绒羽绒服女面包服",
        "羽绒服",
        369.0,
        ["黑色", "米白", "雾霾蓝"],
        TOP,
        "MY-D7010",
        "白鸭绒 含绒量90%",
        3.5,
        62
    ),
    p!("纯棉长袖白衬衫女宽松", "白衬衫", 119.0, ["白色", "浅蓝条纹"], TOP, "MY-C8003", "100%棉", 5.0, 70),
    p!(
        "灯芯绒衬衫外套女复古",
        "灯芯绒衬衫",
        139.0,
        ["卡其色", "焦糖色", "墨绿"],
        TOP,
        "MY-C8011",
        "100%棉 灯芯绒",
        4.0,
        72
    ),
    p!(
        "纯棉家居服女秋冬套装睡衣",
        "家居服套装",
        129.0,
        ["豆沙粉", "浅灰", "雾霾蓝"],
        TOP,
        "MY-J9001",
        "100%棉",
        5.0,
        64
    ),
    p!(
        "珊瑚绒睡袍女加厚浴袍",
        "睡袍",
        109.0,
        ["奶咖", "豆沙粉"],
        TOP,
        "MY-J9014",
        "100%聚酯纤维 珊瑚绒",
        3.0,
        110
    ),
    p!("纯棉中筒袜女5双装", "袜子", 59.0, ["混色5双"], ONE, "MY-S9501", "85%棉 13%锦纶 2%氨纶", 4.0, 0),
    p!(
        "立领摇粒绒外套女抓绒衣",
        "摇粒绒外套",
        139.0,
        ["米白", "卡其色", "黑色"],
        TOP,
        "MY-W3130",
        "100%聚酯纤维 摇粒绒",
        4.0,
        64
    ),
    p!(
        "休闲西装外套女小西服",
        "西装外套",
        259.0,
        ["黑色", "燕麦色"],
        TOP,
        "MY-D7020",
        "65%聚酯纤维 35%粘纤",
        2.5,
        70
    ),
    p!(
        "高腰A字半身裙女中长款",
        "半身裙",
        119.0,
        ["黑色", "卡其色", "深灰"],
        TOP,
        "MY-Q5020",
        "100%聚酯纤维",
        4.0,
        80
    ),
    p!(
        "羊羔毛外套女冬季加厚",
        "羊羔毛外套",
        299.0,
        ["米白", "奶咖"],
        TOP,
        "MY-D7033",
        "100%聚酯纤维 羊羔绒",
        3.0,
        66
    ),
    p!(
        "纯棉短袖polo衫女",
        "polo衫",
        89.0,
        ["白色", "藏青", "浅粉"],
        TOP,
        "MY-T2060",
        "100%棉 珠地网眼",
        3.0,
        62
    ),
    p!("莫代尔打底裤女外穿", "打底裤", 79.0, ["黑色", "深灰"], TOP, "MY-K4040", "92%莫代尔 8%氨纶", 4.0, 90),
    p!(
        "纯棉情侣款连帽卫衣",
        "情侣卫衣",
        189.0,
        ["浅灰", "黑色", "燕麦色"],
        TOP,
        "MY-W3150",
        "100%棉",
        2.5,
        70
    ),
];

/// The brand in product titles: the shop name without its shop-type suffix
/// (`棉语旗舰店` → `棉语`).
pub(crate) fn brand(shop: &str) -> &str {
    let b = ["官方旗舰店", "旗舰店", "专卖店", "专营店", "官方店", "店"]
        .iter()
        .find_map(|s| shop.strip_suffix(s))
        .unwrap_or(shop)
        .trim();
    if b.is_empty() { shop } else { b }
}

/// `棉语 纯棉圆领短袖T恤…`: a product's full title as listed.
pub(crate) fn full_title(shop: &str, p: &Product) -> String {
    format!("{}{}", brand(shop), p.title)
}

/// Cumulative popularity over [`PRODUCTS`].
pub(crate) fn popularity() -> Vec<f64> {
    super::util::cumulative(&PRODUCTS.iter().map(|p| p.weight).collect::<Vec<_>>())
}

/// A product index drawn by popularity.
pub(crate) fn pick_product(rng: &mut Rng, cum: &[f64]) -> usize {
    weighted(rng, cum)
}

/// A product worth a conversation about sizes and colours (several of each), by popularity.
///
/// Invariant: most of [`PRODUCTS`] qualify (checked by a test), so the scan ends.
pub(crate) fn pick_chat_product(rng: &mut Rng, cum: &[f64]) -> usize {
    let mut p = weighted(rng, cum);
    while PRODUCTS[p].sizes.len() < 2 || PRODUCTS[p].colors.len() < 2 {
        p = (p + 1) % PRODUCTS.len();
    }
    p
}

/// The size index a buyer of `weight_jin` (斤) would be advised, clamped to the product.
pub(crate) fn advised_size(p: &Product, weight_jin: u32) -> usize {
    let i = match weight_jin {
        0..=95 => 0,
        96..=110 => 1,
        111..=125 => 2,
        126..=140 => 3,
        _ => 4,
    };
    i.min(p.sizes.len().saturating_sub(1))
}

/// A buyer's height (cm) and weight (斤).
pub(crate) fn body(rng: &mut Rng) -> (u32, u32) {
    let h = between(rng, 150, 178) as u32;
    let w = ((h as i64 - 105) * 2 + between(rng, -18, 22)).clamp(80, 175) as u32;
    (h, w)
}

/// Carriers the warehouse uses, with their share of parcels.
pub(crate) const CARRIERS: &[(&str, f64)] = &[
    ("中通快递", 30.0),
    ("圆通速递", 24.0),
    ("韵达快递", 20.0),
    ("申通快递", 10.0),
    ("极兔速递", 6.0),
    ("顺丰速运", 6.0),
    ("邮政快递包裹", 4.0),
];

/// Index of 顺丰速运 in [`CARRIERS`].
pub(crate) const SF: usize = 5;

/// A carrier index by share.
pub(crate) fn pick_carrier(rng: &mut Rng) -> usize {
    let w: [f64; 7] = std::array::from_fn(|i| CARRIERS[i].1);
    weighted(rng, &super::util::cumulative(&w))
}

/// A tracking number in the carrier's usual shape.
pub(crate) fn tracking_no(rng: &mut Rng, carrier: usize) -> String {
    let mut s = String::with_capacity(16);
    match carrier {
        0 => {
            s.push_str(["75", "73", "78"][index(rng, 3)]);
            push_digits(rng, &mut s, 12);
        }
        1 => {
            s.push_str("YT");
            push_digits(rng, &mut s, 13);
        }
        2 => {
            s.push_str("43");
            push_digits(rng, &mut s, 13);
        }
        3 => {
            s.push_str("77");
            push_digits(rng, &mut s, 13);
        }
        4 => {
            s.push_str("JT");
            push_digits(rng, &mut s, 13);
        }
        5 => {
            s.push_str("SF");
            push_digits(rng, &mut s, 13);
        }
        _ => {
            s.push_str("98");
            push_digits(rng, &mut s, 11);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_in_the_shop_range() {
        for p in PRODUCTS {
            assert!((5_900..=39_900).contains(&p.price), "{}", p.title);
            assert!(!p.colors.is_empty() && !p.sizes.is_empty());
        }
        assert_eq!(CARRIERS[SF].0, "顺丰速运");
        assert!(PRODUCTS.iter().filter(|p| p.sizes.len() > 1 && p.colors.len() > 1).count() > 20);
        assert_eq!(brand("棉语旗舰店"), "棉语");
        assert_eq!(brand("店"), "店");
        assert!(full_title("棉语旗舰店", &PRODUCTS[0]).starts_with("棉语纯棉"));
    }
}
