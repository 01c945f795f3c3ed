#!/usr/bin/env python3
"""Generates the import engine's fixtures (tests/data/import/) and malformed corpus
(tests/data/malformed/).

Documentation of how the committed files were made; run it again only to change them:

    python3 -m venv /tmp/fixvenv && /tmp/fixvenv/bin/pip install xlwt openpyxl
    cargo run -p kefu-cli -- demo --out /tmp/demo3 --messages 2000 --seed 3
    /tmp/fixvenv/bin/python tests/data/import/make_fixtures.py --demo /tmp/demo3
    UPDATE_EXPECT=1 cargo test -p kefu-core --test import_golden --test import_malformed

Everything is deterministic (fixed timestamps inside xlsx and zip files), so running it twice
gives the same bytes. Without `--demo` the copies of the demo export under `demo/` are left as
they are. Python 3.11 with `xlwt` (xls) and `openpyxl` (xlsx) from PyPI.

The content imitates the real exports (domain.md §3, the header lists in
core/src/import/schema.rs): every format × encoding the workbench reads, every dataset kind,
and the quirks seen in the wild (trailing spaces in headers, `="…"` ids, `元` suffixes,
`无退款申请`, mixed time forms, full-width digits, blank trailing rows, summary rows, a title
line above the header, 千牛 noise lines…). Names and phone numbers are invented.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
MALFORMED = HERE.parent / "malformed"
ZIP_TIME = (2026, 11, 16, 9, 0, 0)
FIXED = dt.datetime(2026, 11, 16, 9, 0, 0)


# ---------------------------------------------------------------------------------------------
# Writers


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def csv_cell(v: str, sep: str) -> str:
    """Quotes a cell when it must be; `="…"` id cells are written verbatim, as the exports do."""
    if v.startswith('="') and v.endswith('"') and sep not in v:
        return v
    if any(ch in v for ch in (sep, '"', "\r", "\n")):
        return '"' + v.replace('"', '""') + '"'
    return v


def table_text(rows: list[list[str]], sep: str = ",", eol: str = "\r\n") -> str:
    """Rows as delimited text."""
    out = []
    for r in rows:
        out.append(sep.join(csv_cell(c, sep) for c in r))
    return eol.join(out) + eol


def encode(text: str, enc: str) -> bytes:
    if enc == "utf-8":
        return text.encode("utf-8")
    if enc == "utf-8-bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if enc == "gbk":
        return text.encode("gbk")
    if enc == "utf-16le":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if enc == "utf-16be":
        return b"\xfe\xff" + text.encode("utf-16-be")
    raise ValueError(enc)


def xlsx(rows: list[list[object]], sheet: str = "Sheet1", before: list[tuple[str, list[list[object]]]] = (),
         formats: dict[int, str] | None = None) -> bytes:
    """An xlsx with `rows` on `sheet` (after the sheets in `before`). Datetimes become date
    cells; `formats` gives number formats per column index."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, srows in list(before) + [(sheet, rows)]:
        ws = wb.create_sheet(name)
        for r in srows:
            ws.append(r)
        if name == sheet and formats:
            for row in ws.iter_rows(min_row=2):
                for cell in row:
                    f = formats.get(cell.column - 1)
                    if f and cell.value is not None and not isinstance(cell.value, str):
                        cell.number_format = f
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.properties.creator = "kefu fixtures"
    buf = io.BytesIO()
    wb.save(buf)
    return fix_zip_times(buf.getvalue())


def fix_zip_times(data: bytes) -> bytes:
    """Rewrites a zip with fixed entry times (openpyxl stamps the current time)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"<dcterms:modified([^>]*)>[^<]*<", rb"<dcterms:modified\1>2026-11-16T09:00:00Z<", body)
            zi = zipfile.ZipInfo(info.filename, ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, body)
    return out.getvalue()


def xls(rows: list[list[object]], sheet: str = "Sheet1") -> bytes:
    """An Excel 97-2003 workbook; datetimes become date cells, floats keep 0.00."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm:ss")
    day_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    money_style = xlwt.easyxf(num_format_str="0.00")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, dt.datetime):
                ws.write(r, c, v, date_style)
            elif isinstance(v, dt.date):
                ws.write(r, c, v, day_style)
            elif isinstance(v, float):
                ws.write(r, c, v, money_style)
            else:
                ws.write(r, c, v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zip_of(entries: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in entries:
            zi = zipfile.ZipInfo(name, ZIP_TIME)
            zi.compress_type = method
            if name.endswith("/"):
                zi.external_attr = 0o40755 << 16 | 0x10
            z.writestr(zi, data)
    return buf.getvalue()


def gbk_names(data: bytes, names: dict[str, str]) -> bytes:
    """Replaces ASCII placeholder names by GBK-encoded names without the UTF-8 flag, as the
    zip tools of Chinese Windows write them. Placeholders must have the same byte length."""
    for placeholder, real in names.items():
        b = real.encode("gbk")
        assert len(b) == len(placeholder), (real, placeholder)
        data = data.replace(placeholder.encode("ascii"), b)
    return data


# ---------------------------------------------------------------------------------------------
# Orders

TAOBAO_HEADERS = [
    "订单编号", "买家会员名", "买家支付宝账号", "买家应付货款", "买家应付邮费", "总金额", "买家实际支付金额",
    "订单状态", "买家留言", "收货人姓名", "收货地址 ", "联系电话", "联系手机", "订单创建时间", "订单付款时间 ",
    "宝贝标题", "宝贝种类", "物流单号", "物流公司", "订单备注", "宝贝总数量", "店铺名称", "订单关闭原因", "退款金额",
]


def taobao_quirks() -> bytes:
    """订单报表, UTF-8 without BOM, CRLF: every quirk of domain.md §3 in one file."""
    H = TAOBAO_HEADERS
    rows = [
        H,
        # 2016-era slash time without seconds, 元 suffixes, ="…" id and phone.
        ['="1930679858170647"', "tb_小鱼儿88", "", "128.50元", "0.00元", "128.50元", "128.50元", "交易成功", "",
         "张晓燕", "浙江省 杭州市 西湖区 文三路100号", "", '="13800138000"', "2016/5/23 22:02", "2016/5/23 22:05",
         "棉语纯棉圆领T恤女", "1", '="YT1234567890123"', "圆通速递", "", "1", "棉语旗舰店", "", "无退款申请"],
        # 2020 dash time with seconds; full-width digits in amounts and the item count.
        ['="1930679858170648"', "喵喵不吃鱼", "", "１２８．００", "１０．００", "１３８．００", "１３８．００",
         "买家已付款，等待卖家发货", "请尽快发货，谢谢", "李娜", "江苏省 南京市 鼓楼区 中山路8号", "",
         '="13912345678"', "2020-02-21 00:00:02", "2020-02-21 00:01:15", "棉语摇粒绒外套", "1", "", "", "",
         "２", "棉语旗舰店", "", "无退款申请"],
        # Unpaid: empty 付款时间, zero paid.
        ['="1930679858170649"', "tb467876257", "", "69.00", "0.00", "69.00", "0.00", "等待买家付款", "", "王芳",
         "广东省 广州市 天河区 体育西路1号", "", '="13700001111"', "2020-02-21 10:15:00", "", "棉语打底衫", "1",
         "", "", "", "1", "棉语旗舰店", "", "无退款申请"],
        # Closed with a refund, a close reason, ¥ and thousands separators.
        ['="1930679858170650"', "zoe828", "", "¥1,280.00", "¥0.00", "¥1,280.00", "¥1,280.00", "交易关闭", "",
         "赵雷", "北京 北京市 朝阳区 建国路88号", "", '="15900002222"', "2020-02-22 09:00:00", "2020-02-22 09:01:00",
         "棉语羊绒大衣", "1", "", "", "退款后关闭", "1", "棉语旗舰店", "买家申请退款", "1,280.00元"],
        # Shipped; a buyer note with a comma and quotes; a leading ' on the id and phone.
        ["'1930679858170651", "刺猬不吃鱼", "", "59.90", "6.00", "65.90", "65.90", "卖家已发货，等待买家确认",
         '请发顺丰, "加急"', "陈静", "上海 上海市 浦东新区 世纪大道100号", "021-55556666", "'13600003333",
         "2026-10-19 9:05:03", "2026-10-19 9:06:10", "棉语袜子5双装", "2", "'SF1400000000001", "顺丰速运",
         "", "5", "棉语旗舰店", "", "无退款申请"],
        # An address over two lines (quoted), a partial refund.
        ['="1930679858170652"', "点点吃不胖", "", "199.00", "0.00", "199.00", "179.00", "交易成功", "", "周杰",
         "四川省 成都市 武侯区\n人民南路4段1号", "", '="18800004444"', "2026-10-20 21:30:00", "2026-10-20 21:31:00",
         "棉语家居服套装", "1", '="773000000000001"', "申通快递", "赠品已发", "1", "棉语旗舰店", "", "20.00"],
        # An id that Excel turned into scientific notation: a row error.
        ["1.93068E+15", "爱笑的芒果", "", "39.00", "0.00", "39.00", "39.00", "交易成功", "", "吴敏",
         "湖北省 武汉市 洪山区 珞喻路1号", "", "1.38001E+10", "2026-10-21 08:00:00", "2026-10-21 08:00:30",
         "棉语发圈", "1", "", "", "", "1", "棉语旗舰店", "", "无退款申请"],
    ]
    text = table_text(rows)
    # Blank trailing rows, as the back-office pads them.
    text += ",,,,,,,,,,,,,,,,,,,,,,,\r\n,,,,,,,,,,,,,,,,,,,,,,,\r\n\r\n"
    return encode(text, "utf-8")


def taobao_gbk(sep: str = ",") -> bytes:
    """The older 订单报表: GBK, CRLF, comma (or tab) separated."""
    rows = [
        TAOBAO_HEADERS,
        ['="2600000004211818551"', "zhaomeimei4716", "", "139.00", "0.00", "139.00", "139.00", "交易成功", "", "赵露",
         "江西省 南昌市 青山湖区 创业路110弄14号", "", '="15955025916"', "2026-10-19 17:17:49", "2026-10-19 17:18:04",
         "棉语立领摇粒绒外套女抓绒衣", "1", '="432918624919938"', "韵达快递", "", "1", "棉语旗舰店", "", "无退款申请"],
        ['="2600000012975975475"', "t_1473011163823", "", "208.00", "0.00", "208.00", "188.00", "交易成功", "",
         "于洋", "山东省 青岛市 市南区 香港中路9号", "", '="13012345678"', "2026-10-19 19:43:10", "2026-10-19 19:48:00",
         "棉语长袖纯棉打底衫女秋冬内搭修身上衣", "2", '="432918624919939"', "韵达快递", "", "3", "棉语旗舰店", "",
         "无退款申请"],
        ['="2600000013000000001"', "tb_喵喵90", "", "89.00", "8.00", "97.00", "0.00", "交易关闭", "", "孙丽",
         "河南省 郑州市 金水区 花园路1号", "", '="13112345678"', "2026-10-20 08:01:02", "", "棉语针织开衫", "1",
         "", "", "", "1", "棉语旗舰店", "买家未付款", "无退款申请"],
        ['="2600000013000000002"', "勇敢的芝士2006", "", "59.00", "0.00", "59.00", "59.00",
         "买家已付款，等待卖家发货", "尽快发货", "钱伟", "浙江省 宁波市 鄞州区 天童南路2号", "", '="13212345678"',
         "2026-10-20 12:30:00", "2026-10-20 12:30:41", "棉语棉麻衬衫", "1", "", "", "", "1", "棉语旗舰店", "",
         "无退款申请"],
        ['="2600000013000000003"', "薄荷不吃鱼", "", "299.00", "0.00", "299.00", "299.00", "交易成功", "", "郑爽",
         "福建省 厦门市 思明区 鹭江道3号", "", '="13312345678"', "2026-10-21 22:59:59", "2026-10-21 23:00:30",
         "棉语羽绒服", "1", '="432918624919940"', "中通快递", "", "1", "棉语旗舰店", "", "299.00"],
    ]
    if sep == "\t":
        # The tab-separated variant writes ids as plain text (no ="…").
        rows = [[c[2:-1] if c.startswith('="') else c for c in r] for r in rows]
    return encode(table_text(rows, sep=sep), "gbk")


TMALL_NEW_HEADERS = [
    "订单编号", "买家会员名", "买家支付宝账号", "支付单号", "支付详情", "买家应付货款", "买家应付邮费", "买家支付积分",
    "总金额", "返点积分", "买家实际支付金额", "买家实际支付积分", "订单状态", "买家留言", "收货人姓名", "收货地址",
    "运送方式", "联系电话", "联系手机", "订单创建时间", "订单付款时间", "宝贝标题", "宝贝种类", "物流单号", "物流公司",
    "订单备注", "宝贝总数量", "店铺Id", "店铺名称", "订单关闭原因", "卖家服务费", "买家服务费", "发票抬头",
    "是否手机订单", "分阶段订单信息", "修改后的sku", "修改后的收货地址", "异常信息", "天猫卡券抵扣", "集分宝抵扣",
    "退款金额", "确认收货时间", "打款商家金额", "订单类型",
]


def tmall_new() -> bytes:
    """The newer Tmall export: UTF-8 with BOM, many columns the workbench does not use."""
    def row(oid, buyer, goods, post, total, paid, status, created, paid_at, title, items, refund, confirm, kind):
        return [oid, buyer, "", "2026102022001100" + oid[-6:], "支付宝:" + paid, goods, post, "0", total, "0", paid,
                "0", status, "", "林**", "浙江省 杭州市 余杭区 ***", "快递", "", "138****0000", created, paid_at,
                title, "1", "", "", "", items, "571000001", "棉语天猫旗舰店", "", "0.00", "0.00", "", "手机订单", "",
                "", "", "", "0.00", "0.00", refund, confirm, paid, kind]

    rows = [
        TMALL_NEW_HEADERS,
        row("3300000000000101", "tb_鱼丸8570", "158.00", "0.00", "158.00", "148.00", "交易成功",
            "2026-11-11 00:00:05", "2026-11-11 00:00:09", "棉语双十一加绒卫衣", "1", "0.00", "2026-11-15 10:00:00",
            "普通订单"),
        row("3300000000000102", "害羞的风铃", "316.00", "0.00", "316.00", "296.00", "卖家已发货，等待买家确认",
            "2026-11-11 00:01:00", "2026-11-11 00:01:30", "棉语加绒卫衣 两件", "2", "0.00", "", "普通订单"),
        row("3300000000000103", "猫咪在发呆", "99.00", "10.00", "109.00", "109.00", "交易成功",
            "2026-11-12 13:14:15", "2026-11-12 13:14:20", "棉语围巾", "1", "109.00", "2026-11-16 08:00:00",
            "普通订单"),
    ]
    return encode(table_text(rows), "utf-8-bom")


def taobao_unicode_txt() -> bytes:
    """An 订单报表 opened in Excel and saved as "Unicode text": UTF-16LE with BOM,
    tab-separated, CRLF, ids as plain text, times as Excel displays them."""
    H = [h.strip() for h in TAOBAO_HEADERS]
    rows = [
        H,
        ["1930679858170700", "tb_小鱼儿88", "", "128.5", "0", "128.5", "128.5", "交易成功", "", "张晓燕",
         "浙江省 杭州市 西湖区 文三路100号", "", "13800138000", "2026/10/19 9:05", "2026/10/19 9:06",
         "棉语纯棉圆领T恤女", "1", "YT1234567890124", "圆通速递", "", "1", "棉语旗舰店", "", "无退款申请"],
        ["1930679858170701", "sophie5575", "", "79", "0", "79", "79", "交易成功", '说"谢谢"', "刘洋",
         "湖南省 长沙市 岳麓区 麓山南路2号", "", "13500005555", "2026/10/19 14:00", "2026/10/19 14:02",
         "棉语毛线帽", "1", "", "", "", "1", "棉语旗舰店", "", "无退款申请"],
        ["1930679858170702", "amy024", "", "45.8", "5", "50.8", "50.8", "卖家已发货，等待买家确认", "", "黄蓉",
         "广西 南宁市 青秀区 民族大道1号", "", "13400004444", "2026/10/20 23:59", "2026/10/21 0:01",
         "棉语手套", "1", "", "", "", "1", "棉语旗舰店", "", "无退款申请"],
    ]
    return encode(table_text(rows, sep="\t"), "utf-16le")


def taobao_xlsx() -> bytes:
    """订单报表 as xlsx with a title line above the header, real date cells, amounts as
    numbers and ids as text."""
    H = [h.strip() for h in TAOBAO_HEADERS]
    d = dt.datetime
    rows: list[list[object]] = [
        ["订单报表（2026-10-19 至 2026-10-20）"],
        H,
        ["1930679858170800", "tb_小鱼儿88", None, 128.5, 0, 128.5, 128.5, "交易成功", None, "张晓燕",
         "浙江省 杭州市 西湖区 文三路100号", None, "13800138000", d(2026, 10, 19, 9, 5, 3), d(2026, 10, 19, 9, 6, 10),
         "棉语纯棉圆领T恤女", 1, "YT1234567890125", "圆通速递", None, 1, "棉语旗舰店", None, "无退款申请"],
        ["1930679858170801", "暴躁的豆包1990", None, 19.99, 0.07, 20.06, 20.06, "交易成功", None, "何静",
         "重庆 重庆市 渝中区 解放碑1号", None, "13300003333", d(2026, 10, 19, 23, 59, 59), d(2026, 10, 20, 0, 0, 1),
         "棉语发卡", 3, None, None, None, 3, "棉语旗舰店", None, 0],
        ["1930679858170802", "栗子小鱼儿", None, 259.9, 0, 259.9, 0, "等待买家付款", None, "罗琳",
         "陕西省 西安市 雁塔区 小寨路1号", None, "13200002222", d(2026, 10, 20, 8, 0, 0), None,
         "棉语连帽卫衣", 1, None, None, None, 1, "棉语旗舰店", None, "无退款申请"],
    ]
    return xlsx(rows, sheet="订单报表", formats={3: "0.00", 4: "0.00", 5: "0.00", 6: "0.00",
                                              13: "yyyy-mm-dd hh:mm:ss", 14: "yyyy-mm-dd hh:mm:ss"})


def taobao_xls() -> bytes:
    """订单报表 as Excel 97-2003 (.xls)."""
    H = [h.strip() for h in TAOBAO_HEADERS]
    d = dt.datetime
    rows: list[list[object]] = [
        H,
        ["1930679858170900", "饺子雨后", "", 88.0, 0.0, 88.0, 88.0, "交易成功", "", "马丽",
         "辽宁省 沈阳市 和平区 南京北街1号", "", "13100001111", d(2026, 10, 22, 10, 0, 0), d(2026, 10, 22, 10, 0, 30),
         "棉语保暖内衣", 1, "", "", "", 1, "棉语旗舰店", "", "无退款申请"],
        ["1930679858170901", "tb202825899", "", 176.0, 0.0, 176.0, 166.0, "交易成功", "", "许诺",
         "吉林省 长春市 朝阳区 人民大街1号", "", "13000000000", d(2026, 10, 22, 11, 30, 0), d(2026, 10, 22, 11, 31, 0),
         "棉语保暖内衣 两套", 1, "", "", "", 2, "棉语旗舰店", "", "10.00"],
    ]
    return xls(rows, sheet="订单报表")


JD_HEADERS = ["订单号", "商品ID", "商品名称", "订购数量", "支付方式", "下单时间", "京东价", "订单金额", "结算金额",
              "余额支付", "应付金额", "订单状态", "订单类型", "下单帐号", "客户姓名", "客户地址", "联系电话", "订单备注",
              "商家备注", "运费金额", "付款确认时间", "订单完成时间", "订单来源"]


def jd_orders() -> bytes:
    """京东 order export: GBK CSV; statuses of JD, `(删除)` prefix."""
    rows = [
        JD_HEADERS,
        ["250000000001", "100012345678", "棉语纯棉T恤", "1", "在线支付", "2026-10-19 10:00:00", "99.00", "99.00",
         "99.00", "0.00", "99.00", "完成", "普通订单", "jd_小王", "王小二", "北京 海淀区 中关村大街1号", "13911112222",
         "", "", "0.00", "2026-10-19 10:00:20", "2026-10-23 18:00:00", "京东APP"],
        ["250000000002", "100012345679", "棉语卫衣", "2", "在线支付", "2026-10-19 11:00:00", "129.00", "258.00",
         "248.00", "0.00", "248.00", "等待出库", "普通订单", "jd_小李", "李小三", "上海 徐汇区 漕溪北路1号",
         "13911113333", "", "加急", "0.00", "2026-10-19 11:00:30", "", "京东APP"],
        ["250000000003", "100012345680", "棉语袜子", "1", "在线支付", "2026-10-19 12:00:00", "29.90", "29.90",
         "29.90", "0.00", "29.90", "(删除)已取消", "普通订单", "jd_小赵", "赵小四", "广州 天河区 天河路1号",
         "13911114444", "", "", "6.00", "", "", "微信"],
        ["250000000004", "100012345681", "棉语围巾", "1", "货到付款", "2026-10-20 09:30:00", "79.00", "79.00",
         "79.00", "0.00", "79.00", "等待确认收货", "普通订单", "jd_小钱", "钱小五", "深圳 南山区 科技园1号",
         "13911115555", "", "", "0.00", "", "", "京东PC"],
    ]
    return encode(table_text(rows), "gbk")


PDD_HEADERS = ["商品", "订单号", "订单状态", "商品总价(元)", "邮费(元)", "店铺优惠折扣(元)", "平台优惠折扣(元)",
               "多多支付立减金额(元)", "用户实付金额(元)", "商家实收金额(元)", "商品数量(件)", "发货时间",
               "确认收货时间", "商品id", "商品规格", "样式ID", "商家编码-规格维度", "商家编码-商品维度", "商家备注",
               "售后状态", "快递单号", "快递公司", "订单成交时间", "支付时间", "拼单成功时间", "收货人", "手机", "省",
               "市", "区", "街道", "详细地址"]


def pdd_orders() -> bytes:
    """拼多多 order export: UTF-8 with BOM; ids with a trailing tab as the export keeps
    them from Excel, `(元)` headers."""
    rows = [
        PDD_HEADERS,
        ["棉语加厚袜子 10双装", "261019-123456789012345\t", "已收货", "39.90", "0.00", "5.00", "2.00", "0.00", "32.90",
         "34.90", "1", "2026-10-19 18:00:00", "2026-10-22 09:00:00", "400000000001", "混色;均码", "1001", "MY-S01",
         "MY-S", "", "无售后或售后取消", "YT0000000001\t", "圆通快递", "2026-10-19 10:10:10", "2026-10-19 10:10:20",
         "2026-10-19 10:10:20", "孙**", "135****6666", "河北省", "石家庄市", "长安区", "建北街道", "中山东路1号"],
        ["棉语儿童秋衣", "261019-123456789012346\t", "待发货", "59.00", "0.00", "0.00", "3.00", "1.00", "55.00",
         "59.00", "1", "", "", "400000000002", "粉色;110cm", "1002", "MY-K01-110", "MY-K01", "", "无售后或售后取消",
         "", "", "2026-10-19 11:11:11", "2026-10-19 11:11:30", "2026-10-19 11:11:30", "周**", "136****7777", "山西省",
         "太原市", "小店区", "坞城街道", "坞城路2号"],
        ["棉语保暖裤", "261020-123456789012347\t", "已发货，待收货", "69.00", "0.00", "0.00", "0.00", "0.00",
         "69.00", "69.00", "1", "2026-10-20 20:00:00", "", "400000000003", "黑色;XL", "1003", "MY-P01-XL", "MY-P01",
         "", "退款成功", "ZT0000000002\t", "中通快递", "2026-10-20 08:08:08", "2026-10-20 08:08:18",
         "2026-10-20 08:08:18", "吴**", "137****8888", "内蒙古自治区", "呼和浩特市", "新城区", "海拉尔东路街道",
         "新华大街3号"],
    ]
    return encode(table_text(rows), "utf-8-bom")


DOUYIN_HEADERS = ["主订单编号", "子订单编号", "选购商品", "商品ID", "商品数量", "商家编码", "商品单价", "商品金额",
                  "订单应付金额", "运费", "订单提交时间", "订单完成时间", "支付完成时间", "订单状态", "售后状态",
                  "取消原因", "买家留言", "商家备注", "旗帜颜色", "快递信息", "收件人", "收件人手机号", "省", "市",
                  "区", "街道", "详细地址"]


def douyin_orders() -> bytes:
    """抖店 order export as xlsx: ids as text, times as text."""
    rows: list[list[object]] = [
        DOUYIN_HEADERS,
        ["6920000000000000001", "6920000000000000002", "棉语直播款卫衣", "3600000001", 1, "MY-DY-01", 99.0, 99.0,
         89.0, 0.0, "2026/10/19 20:00:01", "2026/10/25 12:00:00", "2026/10/19 20:00:15", "已完成", "-", "", "",
         "", "灰色", "中通快递:ZT1111", "郑**", "139****1234", "浙江省", "杭州市", "上城区", "湖滨街道", "***"],
        ["6920000000000000003", "6920000000000000004", "棉语直播款裤子", "3600000002", 2, "MY-DY-02", 59.0, 118.0,
         108.0, 0.0, "2026/10/19 20:05:00", "", "2026/10/19 20:05:10", "备货中", "-", "", "要黑色", "", "",
         "", "冯**", "138****4321", "江苏省", "苏州市", "姑苏区", "平江街道", "***"],
        ["6920000000000000005", "6920000000000000006", "棉语直播款帽子", "3600000003", 1, "MY-DY-03", 39.0, 39.0,
         39.0, 0.0, "2026/10/19 20:10:00", "", "", "已关闭", "-", "超时未支付", "", "", "", "", "陈**",
         "137****0000", "安徽省", "合肥市", "蜀山区", "三里庵街道", "***"],
    ]
    return xlsx(rows, sheet="订单")


# ---------------------------------------------------------------------------------------------
# Sub-orders, refunds, reviews

SUB_HEADERS = ["子订单编号", "主订单编号", "标题", "价格", "购买数量", "商品属性", "套餐信息", "订单状态", "商家编码",
               "买家实际支付金额", "退款状态", "退款金额", "订单创建时间", "订单付款时间"]


def sub_orders_csv() -> bytes:
    rows = [
        SUB_HEADERS,
        ["2700000008206075681", "2600000004211818551", "棉语立领摇粒绒外套女抓绒衣", "139.00", "1",
         "颜色分类:卡其色;尺码:XXL", "", "交易成功", "MY-W3130-02-XXL", "139.00", "没有申请退款", "0.00",
         "2026/10/19 17:17", "2026/10/19 17:18"],
        ["2700000017017000711", "2600000012975975475", "棉语长袖纯棉打底衫女秋冬内搭修身上衣", "69.00", "2",
         "颜色分类:浅灰;尺码:L", "", "交易成功", "MY-T2045-04-L", "124.72", "没有申请退款", "0.00",
         "2026/10/19 19:43", "2026/10/19 19:48"],
        ["2700000017017000712", "2600000012975975475", "棉语纯棉袜子", "70.00", "1", "颜色分类:白色", "买二送一",
         "交易成功", "MY-S01", "63.28", "退款成功", "63.28", "2026/10/19 19:43", "2026/10/19 19:48"],
        ["2700000017017000713", "2600000013000000001", "棉语针织开衫", "89.00", "1", "颜色分类:米白;尺码:M", "",
         "交易关闭", "MY-K88-M", "0.00", "没有申请退款", "0.00", "2026/10/20 8:01", ""],
        ["2700000017017000714", "2600000013000000003", "棉语羽绒服", "299.00", "1", "颜色分类:黑色;尺码:L", "",
         "交易成功", "MY-D01-L", "299.00", "退款中", "299.00", "2026/10/21 22:59", "2026/10/21 23:00"],
    ]
    return encode(table_text(rows), "utf-8-bom")


def sub_orders_xls() -> bytes:
    d = dt.datetime
    rows: list[list[object]] = [
        SUB_HEADERS,
        ["2700000020000000001", "2600000020000000001", "棉语围巾", 99.0, 1, "颜色分类:红色", "", "交易成功",
         "MY-W01", 99.0, "没有申请退款", 0.0, d(2026, 11, 1, 10, 0, 0), d(2026, 11, 1, 10, 0, 20)],
        ["2700000020000000002", "2600000020000000001", "棉语手套", 39.9, 2, "颜色分类:灰色;尺码:均码", "",
         "交易成功", "MY-G01", 79.8, "退款关闭", 0.0, d(2026, 11, 1, 10, 0, 0), d(2026, 11, 1, 10, 0, 20)],
    ]
    return xls(rows, sheet="宝贝报表")


REFUND_HEADERS = ["订单编号", "退款编号", "订单付款时间", "退款的申请时间", "退款完结时间", "买家实际支付金额",
                  "宝贝标题", "买家退款金额", "退款状态", "货物状态", "是否需要退货", "客服介入状态", "买家退款原因",
                  "买家退款说明", "责任方", "售中或售后", "部分退款/全部退款", "退款操作人", "退款原因标签"]


def refund_rows() -> list[list[str]]:
    return [
        REFUND_HEADERS,
        ["1930679858170650", "90000000000001", "2020-02-22 09:01:00", "2020-02-22 10:00:00", "2020-02-22 12:00:00",
         "1280.00", "棉语羊绒大衣", "1280.00", "退款成功", "买家未收到货", "否", "客服未介入", "不想要了",
         "拍错了", "买家", "售中", "全部退款", "棉语旗舰店:小雅", "拍错/多拍"],
        ["1930679858170652", "90000000000002", "2026-10-20 21:31:00", "2026-10-25 09:00:00", "2026-10-26 10:00:00",
         "179.00", "棉语家居服套装", "20.00", "退款成功", "买家已收到货", "否", "客服未介入", "少件/漏发",
         "少了赠品", "卖家", "售后", "部分退款", "棉语旗舰店:小雅", ""],
        ["2600000013000000003", "90000000000003", "2026-10-21 23:00:30", "2026-10-28 14:00:00", "",
         "299.00", "棉语羽绒服", "299.00", "卖家已经同意退款，等待买家退货", "买家已收到货", "是", "客服介入中",
         "质量问题", "有线头，\n拉链坏了", "待定", "售后", "全部退款", "", ""],
        ["2600000013000000004", "90000000000004", "2026-10-22 10:00:00", "2026-10-29 09:30:00", "2026-11-05 09:30:00",
         "99.00", "棉语围巾", "99.00", "退款关闭", "买家已收到货", "是", "支持卖家", "七天无理由退换货", "",
         "买家", "售后", "全部退款", "棉语旗舰店:小雅", ""],
    ]


def refunds_gbk() -> bytes:
    return encode(table_text(refund_rows()), "gbk")


def refunds_xlsx() -> bytes:
    rows: list[list[object]] = []
    for i, r in enumerate(refund_rows()):
        if i == 0:
            rows.append(list(r))
        else:
            r2: list[object] = list(r)
            r2[5] = float(r[5])
            r2[7] = float(r[7])
            rows.append(r2)
    return xlsx(rows, sheet="退款", formats={5: "0.00", 7: "0.00"})


def refunds_tsv() -> bytes:
    rows = refund_rows()[:3]
    rows = [[c.replace("\n", " ") for c in r] for r in rows]
    return encode(table_text(rows, sep="\t", eol="\n"), "utf-8")


def reviews_plugin() -> bytes:
    """A review plug-in's CSV (UTF-8, LF): 评分 stars instead of a 好评/中评/差评 result."""
    rows = [
        ["评论内容", "追加评论", "评分", "日期", "SKU", "用户昵称", "商家回复"],
        ["质量很好，穿着舒服，会回购的！", "", "5", "2026-10-25 21:46:51", "颜色分类:杏色;尺码:XXL", "t**8", ""],
        ["一般般吧，有点起球", "洗了一次就起球了", "3", "2026-10-26", "颜色分类:黑色;尺码:L", "小**鱼",
         "亲，羊毛材质轻微起球属正常现象，可用剪刀修剪哦"],
        ["差评！发错颜色了，客服还不理人", "", "1", "2026/10/27 8:30", "颜色分类:白色;尺码:M", "暴**0",
         "非常抱歉，已为您补发"],
        ["😊 颜色很正，\"显白\"", "", "5", "2026-10-28 12:20:13", "颜色分类:红色;尺码:S", "爱**果", ""],
    ]
    return encode(table_text(rows, eol="\n"), "utf-8")


def reviews_utf16be() -> bytes:
    """Review export with 好评/中评/差评 and DSR columns, saved as UTF-16BE with a BOM."""
    rows = [
        ["订单编号", "用户昵称", "评价结果", "评价时间", "评价内容", "追加评论", "商家回复", "SKU", "描述相符",
         "服务态度", "物流服务"],
        ["2600000025162587791", "tb_布丁7202", "好评", "2026-10-25 21:46:51", "洗了没有缩水，穿上很显瘦。", "", "",
         "颜色分类:杏色;尺码:XXL", "5", "5", "5"],
        ["2600000158364121404", "tb506931592", "中评", "2026-10-28 12:20:13", "还行", "", "感谢亲的支持",
         "颜色分类:黑色;尺码:L", "4", "3", "4"],
        ["2600000158364121405", "zoe828", "差评", "2026-10-29 08:00:00", "掉色严重", "追评：第二次洗还掉色",
         "非常抱歉，请联系客服处理", "颜色分类:红色;尺码:M", "", "", ""],
    ]
    return encode(table_text(rows), "utf-16be")


# ---------------------------------------------------------------------------------------------
# Per-agent stats, staff, attendance

CHITU_HEADERS = ["客服昵称", "咨询人数", "接待人数", "询单人数", "询单->最终付款人数", "询单->最终付款成功率", "销售额",
                 "客单价", "客件数", "件均价", "回复率", "平均响应(秒)", "首次响应时间", "平均接待时长", "客服答问比",
                 "慢响应人数", "上班天数", "客户满意率", "服务满意度评价很满意", "服务满意度评价满意",
                 "服务满意度评价一般", "服务满意度评价不满", "服务满意度评价很不满"]


def chitu_xlsx() -> bytes:
    """赤兔 per-agent report over a week: no 日期 column (the range is in the file name),
    rates as text, a blank conversion, 汇总 and 均值 rows."""
    rows: list[list[object]] = [
        CHITU_HEADERS,
        ["棉语旗舰店:小美", 120, 118, 80, 36, "45.00%", 5040.0, 140.0, 1.2, 116.67, "99.15%", 18.5, 9.2, 310.0, 1.35,
         2, 6, "96.00%", 20, 4, 1, 0, 0],
        ["棉语旗舰店:小雅", 95, 95, 60, 24, "40.00%", 3120.0, 130.0, 1.1, 118.18, "100.00%", 22.0, 11.0, 280.5, 1.2,
         5, 5, "90.00%", 15, 3, 1, 1, 0],
        ["棉语旗舰店:小青", 60, 58, 30, 9, None, 990.0, 110.0, 1.0, 110.0, "96.55%", 35.3, 20.1, 250.0, 0.95, 9, 4,
         None, 5, 2, 2, 0, 1],
        ["棉语旗舰店:阿杰", 40, 40, 0, 0, "0.00%", 0.0, None, None, None, "100.00%", 15.0, 8.0, 200.0, 1.5, 0, 2,
         "100.00%", 3, 0, 0, 0, 0],
        ["汇总", 315, 311, 170, 69, "40.59%", 9150.0, 132.61, 1.13, 117.31, "98.97%", 21.9, 11.4, 284.0, 1.25, 16,
         17, "93.33%", 43, 9, 4, 1, 1],
        ["均值", 78.75, 77.75, 42.5, 17.25, "28.33%", 2287.5, 126.67, 1.1, 114.95, "98.93%", 22.7, 12.08, 260.13,
         1.25, 4, 4.25, "95.33%", 10.75, 2.25, 1, 0.25, 0.25],
    ]
    return xlsx(rows, sheet="客服接待数据")


def chitu_daily_gbk() -> bytes:
    """赤兔 daily rows as GBK CSV with a 日期 column; durations in words, the newest day's
    conversion blank."""
    H = ["日期"] + CHITU_HEADERS[:17]
    rows = [
        H,
        ["2026-11-01", "棉语旗舰店:小美", "40", "39", "25", "12", "48.00%", "1680.00", "140.00", "1.20", "116.67",
         "100.00%", "18", "9秒", "5分10秒", "1.30", "0", "1"],
        ["2026-11-01", "棉语旗舰店:小雅", "35", "35", "20", "8", "40.00%", "1040.00", "130.00", "1.00", "130.00",
         "97.14%", "25", "12秒", "4分30秒", "1.10", "2", "1"],
        ["2026-11-02", "棉语旗舰店:小美", "42", "42", "26", "", "", "", "", "", "", "100.00%", "17", "8秒",
         "00:05:01", "1.40", "1", "1"],
        ["2026-11-02", "棉语旗舰店:小雅", "30", "29", "18", "", "", "", "", "", "", "96.55%", "1分05秒", "15秒",
         "3分", "1.05", "3", "1"],
        ["汇总", "", "147", "145", "89", "20", "44.44%", "2720.00", "136.00", "1.13", "120.00", "98.62%", "25", "11",
         "270", "1.21", "6", "4"],
        ["均值", "", "36.75", "36.25", "22.25", "10", "44.00%", "1360.00", "135.00", "1.10", "123.33", "98.42%",
         "26.25", "11", "270", "1.21", "1.5", "1"],
    ]
    return encode(table_text(rows), "gbk")


def sycm_xls() -> bytes:
    """生意参谋 per-agent sales over a week (the range in the file name)."""
    rows: list[list[object]] = [
        ["旺旺昵称", "有效接待人数", "询单人数", "下单人数", "下单金额", "销售额", "个人销售额占比"],
        ["棉语旗舰店:小美", 118, 80, 40, 5600.0, 5040.0, "55.08%"],
        ["棉语旗舰店:小雅", 95, 60, 26, 3300.0, 3120.0, "34.10%"],
        ["棉语旗舰店:小青", 58, 30, 10, 1100.0, 990.0, "10.82%"],
    ]
    return xls(rows, sheet="客服销售")


STAFF_HEADERS = ["客服账号", "姓名", "店铺", "岗位", "技能", "级别", "入职日期", "每周工时", "可上夜班", "手机", "在职"]


def staff_xlsx() -> bytes:
    rows: list[list[object]] = [
        STAFF_HEADERS,
        ["棉语旗舰店:小美", "杨艳红", "棉语旗舰店", "售前", "售前、售后", "专家", dt.datetime(2023, 11, 14), 40, "是",
         "13060111598", "是"],
        ["棉语旗舰店:小雅", "周雪", "棉语旗舰店", "售后", "售后", "中级", dt.datetime(2025, 7, 13), 40, "否",
         "13322459916", "是"],
        ["棉语旗舰店:阿杰", "林杰", "棉语旗舰店", "售前", "售前", "新人", dt.datetime(2026, 9, 1), 20, "是", None,
         "否"],
    ]
    return xlsx(rows, sheet="客服名单", formats={6: "yyyy-mm-dd"})


def staff_utf16be() -> bytes:
    rows = [
        STAFF_HEADERS,
        ["京东旗舰店:小王", "王敏", "棉语京东自营", "售前", "售前", "中级", "2024/3/1", "40", "Y", "13800000001", "Y"],
        ["京东旗舰店:小孙", "孙涛", "棉语京东自营", "售后", "售后、售前", "初级", "2025-12-01", "36", "N", "", "N"],
    ]
    return encode(table_text(rows), "utf-16be")


def dingtalk_xlsx() -> bytes:
    """钉钉 每日统计: a title line, 上班1打卡时间-style headers, dates with the weekday."""
    rows: list[list[object]] = [
        ["每日统计 统计日期：2026-11-02 至 2026-11-03"],
        ["姓名", "考勤组", "部门", "工号", "职位", "UserId", "日期", "班次", "上班1打卡时间", "上班1打卡结果",
         "下班1打卡时间", "下班1打卡结果", "关联的审批单"],
        ["杨艳红", "客服组", "客服部", "001", "客服", "u001", "2026-11-02 星期一", "早班 08:00-16:30", "07:52", "正常",
         "16:35", "正常", ""],
        ["周雪", "客服组", "客服部", "002", "客服", "u002", "2026-11-02 星期一", "晚班 15:30-24:00", "15:41", "迟到",
         "次日 00:02", "正常", ""],
        ["林杰", "客服组", "客服部", "003", "客服", "u003", "2026-11-02 星期一", "早班 08:00-16:30", "", "缺卡",
         "16:31", "正常", ""],
        ["杨艳红", "客服组", "客服部", "001", "客服", "u001", "2026-11-03 星期二", "休息", "", "休息", "", "休息", ""],
        ["周雪", "客服组", "客服部", "002", "客服", "u002", "2026-11-03 星期二", "晚班 15:30-24:00", "", "请假", "",
         "请假", "事假 11-03 15:30 到 11-04 00:00"],
    ]
    return xlsx(rows, sheet="每日统计")


ATT_HEADERS = ["姓名", "客服账号", "日期", "班次", "上班时间", "下班时间", "上班打卡", "下班打卡", "考勤结果",
               "迟到分钟", "早退分钟", "备注"]


def attendance_gbk() -> bytes:
    rows = [
        ATT_HEADERS,
        ["杨艳红", "棉语旗舰店:小美", "2026-10-19", "早班 08:00-16:30", "08:00", "16:30", "07:45", "16:37", "正常",
         "0", "0", ""],
        ["周雪", "棉语旗舰店:小雅", "2026-10-19", "晚班 15:30-24:00", "15:30", "次日 00:00", "15:25", "次日 00:14",
         "正常", "0", "0", ""],
        ["林杰", "棉语旗舰店:阿杰", "2026-10-19", "早班 08:00-16:30", "08:00", "16:30", "08:12", "16:10", "迟到 早退",
         "12", "20", "地铁故障"],
        ["陈晨", "", "2026-10-19", "", "", "", "", "", "旷工", "0", "0", ""],
    ]
    return encode(table_text(rows), "gbk")


# ---------------------------------------------------------------------------------------------
# Chats

QIANNIU = """\
---------------- 与 tb_小鱼儿88 的聊天记录 ----------------
系统消息 2026-10-19 9:04:58
当前用户来自 手机淘宝
tb_小鱼儿88 2026-10-19 9:05:03
在吗？这件外套有M码吗
棉语旗舰店:小美 2026-10-19 9:05:04
[自动回复]亲，欢迎光临棉语旗舰店~ 客服小美马上为您服务
已读
棉语旗舰店:小美 2026-10-19 9:05:41
您好，有的哦
M码适合身高160-165、体重100-115斤
有什么可以帮您的吗😊
已读
tb_小鱼儿882026-10-19 9:06:10
那我要M码，什么时候发货
棉语旗舰店:小美 --> 棉语旗舰店:小雅 2026-10-19 9:06:30
棉语旗舰店:小雅 2026-10-19 9:07:15
亲，今天16:00前付款当天发货哦
未读
tb_小鱼儿88 2026-10-19 9:08:02
好的
tb_小鱼儿88 撤回了一条消息
tb_小鱼儿88 2026-10-19 9:08:30
拍好了
发送中
棉语旗舰店:小雅 2026-10-19 9:09:00
收到，感谢亲的支持！
已读

---------------- 与 zoe828 的聊天记录 ----------------
系统消息 2026-10-19 23:50:00
由 服务助手 转交给 棉语旗舰店:小青
原因：【离线留言自动分配】
zoe828 2026-10-19 23:49:10
[图片]
zoe828 2026-10-19 23:49:30
收到的衣服有个洞，怎么处理
棉语旗舰店:小青 2026-10-20 8:30:00
非常抱歉给您带来不好的体验
麻烦您提供一下订单号，我马上为您处理
已读
zoe828 2026-10-20 8:35:12
1930679858170650
"""


def qianniu_utf8() -> bytes:
    return encode(QIANNIU.replace("\n", "\r\n"), "utf-8")


QIANNIU_GBK = """\
tb467876257 2026-10-21 14:00:01
你好，羽绒服会降价吗
棉语旗舰店:小美 2026-10-21 14:00:30
亲，双十一当天有优惠哦，可以先加购物车
已读
tb467876257 2026-10-21 14:01:00
好的，谢谢
棉语旗舰店:小美 2026-10-21 14:01:20
不客气，祝您生活愉快！
"""


def qianniu_gbk() -> bytes:
    """One conversation copied without a separator line, pasted into Notepad and saved as
    ANSI (GBK), CRLF."""
    return encode(QIANNIU_GBK.replace("\n", "\r\n"), "gbk")


def chat_json() -> bytes:
    import json

    chats = [
        {"date": "2026-10-19", "time": "09:05:03", "sender": "tb_小鱼儿88", "text": "在吗", "imgUrl": ""},
        {"date": "2026-10-19", "time": "09:05:04", "sender": "棉语旗舰店:小美",
         "text": "[自动回复]亲，欢迎光临棉语旗舰店~", "imgUrl": ""},
        {"date": "2026-10-19", "time": "09:05:30", "sender": "tb_小鱼儿88", "text": "[图片]",
         "imgUrl": "https://img.alicdn.com/imgextra/i1/O1CN01example.jpg"},
        {"date": "2026-10-19", "time": "09:05:41", "sender": "棉语旗舰店:小美",
         "text": "您好，这款是纯棉的\n可以机洗", "imgUrl": ""},
        {"date": "2026-10-19", "time": "09:06:00", "sender": "系统消息", "text": "当前用户来自 手机淘宝", "imgUrl": ""},
        {"date": "2026-10-19", "time": "09:06:30", "sender": "棉语旗舰店:小美",
         "text": "棉语旗舰店:小美 --> 棉语旗舰店:小雅", "imgUrl": ""},
        {"date": "2026-10-19", "time": "09:07:15", "sender": "棉语旗舰店:小雅", "text": "亲，请问还有什么问题吗？",
         "imgUrl": ""},
    ]
    doc = {"user": "tb_小鱼儿88", "exportTime": "2026-10-20 10:00:00", "count": len(chats), "chats": chats}
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def chat_transcripts_xlsx() -> bytes:
    """A community exporter's xlsx: one row per customer, the whole transcript in one cell."""
    t1 = ("tb_小鱼儿88 2026-10-19 09:05:03\n在吗？\n"
          "棉语旗舰店:小美 2026-10-19 09:05:41\n您好，在的\n"
          "tb_小鱼儿88 2026-10-19 09:06:10\n有M码吗")
    t2 = ("zoe828 2026-10-20 08:35:12\n衣服有个洞\n"
          "棉语旗舰店:小青 2026-10-20 08:36:00\n非常抱歉\n麻烦发下照片\n"
          "zoe828 2026-10-20 08:37:00\n[图片]")
    rows: list[list[object]] = [["客户ID", "聊天记录"], ["tb_小鱼儿88", t1], ["zoe828", t2]]
    return xlsx(rows, sheet="聊天记录")


def chat_generic() -> bytes:
    rows = [
        ["time", "conversation", "sender", "role", "text"],
        ["2026-10-19 09:04:58", "棉语旗舰店/tb_小鱼儿88", "系统消息", "system", "当前用户来自 手机淘宝"],
        ["2026-10-19 09:05:03", "棉语旗舰店/tb_小鱼儿88", "tb_小鱼儿88", "buyer", "在吗？这件外套有M码吗"],
        ["2026-10-19 09:05:04", "棉语旗舰店/tb_小鱼儿88", "棉语旗舰店:小美", "auto", "亲，欢迎光临棉语旗舰店~"],
        ["2026-10-19 09:05:41", "棉语旗舰店/tb_小鱼儿88", "棉语旗舰店:小美", "agent",
         "您好，有的哦\nM码适合身高160-165, 体重100-115斤"],
        ["2026-10-19 09:06:30", "棉语旗舰店/tb_小鱼儿88", "棉语旗舰店:小美", "transfer", "棉语旗舰店:小雅"],
        ["2026-10-19 09:07:15", "棉语旗舰店/tb_小鱼儿88", "棉语旗舰店:小雅", "agent", '亲，"今天"发货'],
        ["2026-10-19 10:00:00", "棉语旗舰店/zoe828", "zoe828", "buyer", "[图片]"],
        ["2026-10-19 10:00:40", "棉语旗舰店/zoe828", "棉语旗舰店:小青", "agent", "您好"],
    ]
    return encode(table_text(rows, eol="\n"), "utf-8")


# ---------------------------------------------------------------------------------------------
# Archive


def archive() -> bytes:
    """Several exports in one zip, in folders, with the macOS and Windows litter."""
    return zip_of([
        ("订单报表.csv", taobao_gbk()),
        ("聊天记录/", b""),
        ("聊天记录/2026-10-19.txt", qianniu_utf8()),
        ("聊天记录/json/tb_小鱼儿88.json", chat_json()),
        ("名单/客服名单.xlsx", staff_xlsx()),
        ("__MACOSX/聊天记录/._2026-10-19.txt", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        "),
        (".DS_Store", b"\x00\x00\x00\x01Bud1"),
    ])


def archive_gbk_names() -> bytes:
    """A zip made by Windows' built-in "send to compressed folder" on a Chinese system: entry
    names in GBK without the UTF-8 flag."""
    data = zip_of([("XXXXXXXX.csv", taobao_gbk()), ("XXXXXXXX/XXXXXXXX.txt", qianniu_gbk())])
    return gbk_names(data, {"XXXXXXXX/XXXXXXXX.txt": "聊天记录/千牛记录.txt", "XXXXXXXX.csv": "订单报表.csv"})


# ---------------------------------------------------------------------------------------------
# Demo copies


def head_lines(data: bytes, n: int, eol: bytes = b"\n") -> bytes:
    """The first `n` lines (records without quoted line breaks, as the demo CSVs are)."""
    parts = data.split(eol)
    return eol.join(parts[:n]) + eol


def qianniu_blocks(data: bytes, n: int) -> bytes:
    blocks = data.split(b"\r\n\r\n")
    return b"\r\n\r\n".join(blocks[:n]).rstrip(b"\r\n") + b"\r\n"


def copy_demo(demo: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        if old.is_file() and not old.name.endswith(".expected"):
            old.unlink()
    period = "2026-10-19至2026-11-15"
    for name, lines in [(f"订单报表-{period}.csv", 16), (f"宝贝报表-{period}.csv", 16), (f"评价-{period}.csv", 12),
                        (f"考勤-{period}.csv", 16), ("客服名单.csv", 0)]:
        data = (demo / name).read_bytes()
        write(out / name, data if lines == 0 else head_lines(data, lines))
    for name in [f"退款报表-{period}.xlsx", f"客服接待数据_{period}.xlsx"]:
        write(out / name, (demo / name).read_bytes())
    write(out / "聊天记录.csv", head_lines((demo / "聊天记录" / "聊天记录.csv").read_bytes(), 40))
    write(out / "千牛-2026-10-19.txt", qianniu_blocks((demo / "聊天记录" / "千牛" / "2026-10-19.txt").read_bytes(), 2))
    write(out / "zoe828.json", (demo / "聊天记录" / "json" / "zoe828.json").read_bytes())


# ---------------------------------------------------------------------------------------------
# Malformed corpus


def ole2_header(extra: bytes = b"") -> bytes:
    """The first sector of an OLE2 compound file with nothing valid behind it (an encrypted
    xlsx is an OLE2 file holding EncryptionInfo and EncryptedPackage streams)."""
    hdr = bytearray(512)
    hdr[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    hdr[0x18:0x1A] = struct.pack("<H", 0x3E)
    hdr[0x1A:0x1C] = struct.pack("<H", 3)
    hdr[0x1C:0x1E] = struct.pack("<H", 0xFFFE)
    hdr[0x1E:0x20] = struct.pack("<H", 9)
    hdr[0x20:0x22] = struct.pack("<H", 6)
    hdr[0x2C:0x30] = struct.pack("<I", 1)
    hdr[0x30:0x34] = struct.pack("<I", 1)
    hdr[0x3C:0x40] = struct.pack("<I", 0xFFFFFFFE)
    hdr[0x44:0x48] = struct.pack("<I", 0xFFFFFFFE)
    for i in range(109):
        hdr[0x4C + 4 * i:0x50 + 4 * i] = struct.pack("<I", 0xFFFFFFFF)
    hdr[0x4C:0x50] = struct.pack("<I", 0)
    # Sector 0: the FAT; sector 1: a directory naming the encryption streams.
    fat = bytearray(b"\xff" * 512)
    fat[0:4] = struct.pack("<I", 0xFFFFFFFD)
    fat[4:8] = struct.pack("<I", 0xFFFFFFFE)
    d = bytearray(512)

    def entry(i: int, name: str, kind: int, start: int, size: int, child: int = 0xFFFFFFFF,
              right: int = 0xFFFFFFFF) -> None:
        e = bytearray(128)
        n = name.encode("utf-16-le") + b"\x00\x00"
        e[0:len(n)] = n
        e[0x40:0x42] = struct.pack("<H", len(n))
        e[0x42] = kind
        e[0x43] = 1
        e[0x44:0x48] = struct.pack("<I", 0xFFFFFFFF)
        e[0x48:0x4C] = struct.pack("<I", right)
        e[0x4C:0x50] = struct.pack("<I", child)
        e[0x74:0x78] = struct.pack("<I", start)
        e[0x78:0x7C] = struct.pack("<I", size)
        d[i * 128:(i + 1) * 128] = e

    entry(0, "Root Entry", 5, 0xFFFFFFFE, 0, child=1)
    entry(1, "EncryptionInfo", 2, 0xFFFFFFFE, 0, right=2)
    entry(2, "EncryptedPackage", 2, 0xFFFFFFFE, 0)
    return bytes(hdr) + bytes(fat) + bytes(d) + extra


def malformed() -> dict[str, bytes]:
    """Each file is a different kind of damage. Big ones are made by the test at run time."""
    m: dict[str, bytes] = {}
    good_csv = taobao_quirks()
    good_xlsx = taobao_xlsx()
    good_zip = archive()
    orders_h = ",".join(h for h in TAOBAO_HEADERS)
    row = ('="1930679858170647",tb_小鱼儿88,,128.50,0.00,128.50,128.50,交易成功,,张晓燕,浙江省 杭州市,,'
           '="13800138000",2026-10-19 09:05:03,2026-10-19 09:06:00,T恤,1,,,,1,棉语旗舰店,,无退款申请')

    m["empty.csv"] = b""
    m["only-whitespace.csv"] = b"   \r\n\t \r\n\r\n    \n"
    m["only-bom.csv"] = b"\xef\xbb\xbf"
    m["header-only.csv"] = (orders_h + "\r\n").encode("utf-8")
    m["header-only-blank-rows.csv"] = (orders_h + "\r\n" + "," * 23 + "\r\n\r\n").encode("utf-8")
    m["truncated-mid-row.csv"] = good_csv[: good_csv.index("2020-02-21 10:15:00".encode()) + 7]
    m["truncated-mid-utf8-char.csv"] = good_csv[: good_csv.index("张晓燕".encode()) + 4]
    m["truncated-in-quotes.csv"] = good_csv[: good_csv.index("人民南路".encode())]
    m["unbalanced-quotes.csv"] = (orders_h + "\r\n" + row.replace("T恤", '"T恤 with "a quote') + "\r\n" + row
                                  + "\r\n").encode("utf-8")
    m["stray-quote-everywhere.csv"] = ('"订单编号,"买家会员名\r\n"1","a\r\n"2",b"\r\n').encode("utf-8")
    m["duplicate-headers.csv"] = ("订单编号,订单编号,订单创建时间,订单创建时间,买家实际支付金额,买家实际支付金额\r\n"
                                  "1,2,2026-10-19 09:00:00,2026-10-20 09:00:00,1.00,2.00\r\n").encode("utf-8")
    m["no-header-data-only.csv"] = (row + "\r\n" + row.replace("647", "648") + "\r\n").encode("utf-8")
    m["mixed-line-endings.csv"] = (orders_h + "\r\n" + row + "\n" + row.replace("647", "648") + "\r"
                                   + row.replace("647", "649") + "\r\n").encode("utf-8")
    m["nul-bytes.csv"] = (orders_h + "\r\n").encode("utf-8") + row.encode("utf-8").replace(b"tb_", b"t\x00b_") + b"\r\n"
    m["bom-in-the-middle.csv"] = (orders_h + "\r\n" + row + "\r\n\ufeff" + row.replace("647", "648")
                                  + "\r\n").encode("utf-8")
    m["two-boms.csv"] = b"\xef\xbb\xbf\xef\xbb\xbf" + (orders_h + "\r\n" + row + "\r\n").encode("utf-8")
    m["formula-injection.csv"] = (
        orders_h + "\r\n"
        + row.replace("tb_小鱼儿88", '"=HYPERLINK(""http://evil.example/"",""点我"")"')
        .replace("T恤", "=cmd|' /C calc'!A0").replace("浙江省 杭州市", "@SUM(1+1)").replace("张晓燕", "+1+1")
        + "\r\n"
        + row.replace("647", "648").replace("tb_小鱼儿88", "<script>alert(1)</script>")
        .replace("T恤", "<img src=x onerror=alert(1)>").replace("张晓燕", "-1+1")
        + "\r\n").encode("utf-8")
    m["invalid-dates-everywhere.csv"] = (
        orders_h + "\r\n"
        + "\r\n".join(row.replace("647", str(600 + i)).replace("2026-10-19 09:05:03", d).replace(
            "2026-10-19 09:06:00", d) for i, d in enumerate([
                "2026-13-45 25:61:61", "2026/02/30 10:00", "昨天", "0000-00-00 00:00:00", "9999999999",
                "2026-10-19 24:00:00", "1899-12-31", "-1", "2026-1O-19 09:05:03", "#VALUE!"]))
        + "\r\n").encode("utf-8")
    m["negative-amounts.csv"] = (
        orders_h + "\r\n"
        + row.replace(",128.50,0.00,128.50,128.50,", ",-128.50,-0.01,-128.50元,(128.50),") .replace("无退款申请", "-5")
        + "\r\n").encode("utf-8")
    m["absurd-amounts.csv"] = (
        orders_h + "\r\n"
        + row.replace(",128.50,0.00,128.50,128.50,", ",99999999999999999999.99,1e309,NaN,inf,")
        + "\r\n").encode("utf-8")
    m["ragged-rows.csv"] = (orders_h + "\r\n" + row + "\r\n" + ",".join(row.split(",")[:5]) + "\r\n"
                            + row + ",extra,cells,here\r\n").encode("utf-8")
    # Files named `opt-gbk--…`, `opt-qianniu--…`, `opt-json--…` are read with that encoding or
    # format forced, as a user's wrong choice in the preview would.
    m["opt-gbk--declared-gbk-but-utf16.csv"] = b"\xff\xfe" + (orders_h + "\r\n" + row + "\r\n").encode("utf-16-le")
    m["opt-qianniu--orders-read-as-qianniu.csv"] = good_csv
    m["opt-json--orders-read-as-json.csv"] = good_csv
    m["opt-utf8--gbk-read-as-utf8.csv"] = taobao_gbk()
    m["utf16le-without-bom.csv"] = (orders_h + "\r\n" + row + "\r\n").encode("utf-16-le")
    m["utf16-bom-odd-length.csv"] = b"\xff\xfe" + (orders_h + "\r\n" + row + "\r\n").encode("utf-16-le") + b"\x00"
    m["gbk-with-invalid-bytes.csv"] = (orders_h + "\r\n").encode("gbk") + row.encode("gbk").replace(
        "棉语".encode("gbk"), b"\x81\x20\xff\xfe") + b"\r\n"
    m["latin1-text.csv"] = "Order ID,Name,Créé le\r\n1,José,2026-10-19\r\n".encode("latin-1")
    m["binary-junk.csv"] = bytes((i * 7919 + 13) % 256 for i in range(4096))
    m["png-renamed.csv"] = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
                            b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35"
                            b"\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")
    m["pdf-renamed.xlsx"] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    m["truncated.xlsx"] = good_xlsx[: len(good_xlsx) // 2]
    m["xlsx-missing-sheet.xlsx"] = rezip(good_xlsx, drop=lambda n: n.startswith("xl/worksheets/"))
    m["xlsx-garbage-sheet-xml.xlsx"] = rezip(good_xlsx, patch={"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row>"
                                                               b"<c r=\"A1\" t=\"s\"><v>99999</v></c></row>"})
    m["xlsx-empty-first-sheet.xlsx"] = xlsx([[c.strip() for c in TAOBAO_HEADERS], [
        "1930679858171000", "tb_小鱼儿88", None, 10.0, 0.0, 10.0, 10.0, "交易成功", None, "张晓燕", "杭州", None,
        "13800138000", "2026-10-19 09:05:03", "2026-10-19 09:06:00", "T恤", 1, None, None, None, 1, "棉语旗舰店",
        None, "无退款申请"]], sheet="订单", before=[("空白页", [])])
    m["xlsx-only-empty-sheets.xlsx"] = xlsx([], sheet="Sheet2", before=[("Sheet1", [])])
    m["truncated.zip"] = good_zip[: len(good_zip) * 2 // 3]
    m["zip-empty.zip"] = zip_of([])
    m["zip-windows-litter.zip"] = zip_of([("订单报表.csv", good_csv), ("Thumbs.db", ole2_header()),
                                          ("desktop.ini", b"[.ShellClassInfo]\r\nIconResource=x\r\n")])
    m["zip-only-directories.zip"] = zip_of([("a/", b""), ("a/b/", b"")])
    m["zip-bad-crc.zip"] = corrupt_crc(zip_of([("订单.csv", good_csv)]))
    m["zip-traversal-name.zip"] = zip_of([("../../x.csv", good_csv), ("/etc/passwd.csv", b"a,b\r\n1,2\r\n")])
    m["zip-nested.zip"] = zip_of([("inner.zip", zip_of([("inner2.zip", zip_of([("deep.zip", zip_of([
        ("订单.csv", good_csv)]))]))]))])
    m["zip-bomb.zip"] = zip_bomb(50 << 20)
    m["zip-encrypted-entry.zip"] = encrypted_flag(zip_of([("订单.csv", good_csv)], method=zipfile.ZIP_STORED))
    m["zip-unsupported-method.zip"] = method_patch(zip_of([("订单.csv", good_csv)], method=zipfile.ZIP_STORED), 12)
    m["zip-lying-size.zip"] = lying_size(zip_of([("订单.csv", good_csv)], method=zipfile.ZIP_STORED))
    m["ole2-encrypted-looking.xlsx"] = ole2_header()
    m["ole2-truncated.xls"] = ole2_header()[:300]
    m["json-wrong-shape.json"] = b'{"orders": [{"id": 1}], "user": 42, "chats": "none"}'
    m["json-array.json"] = b'[{"date":"2026-10-19","time":"09:00:00","sender":"a","text":"b"}]'
    m["json-truncated.json"] = chat_json()[:200]
    m["json-bad-times.json"] = (b'{"user":"x","exportTime":"","count":2,"chats":[{"date":"2026-13-40","time":"99:00:00",'
                                b'"sender":"x","text":"hi","imgUrl":""},{"date":null,"time":5,"sender":[],"text":{},'
                                b'"imgUrl":""}]}')
    m["json-deeply-nested.json"] = b"[" * 10_000 + b"]" * 10_000
    m["qianniu-garbage-before-header.txt"] = ("Microsoft Windows [版本 10.0.19045]\r\n(c) Microsoft Corporation\r\n"
                                               "!!!###@@@ 乱码 \x01\x02\r\n\r\n" + QIANNIU.replace("\n", "\r\n")
                                               ).encode("utf-8")
    m["qianniu-no-headers.txt"] = "你好\r\n在吗\r\n已读\r\n未读\r\n好的谢谢\r\n".encode("utf-8")
    m["qianniu-bad-dates.txt"] = ("tb_小鱼儿88 2026-13-45 9:05:03\r\n在吗\r\n棉语旗舰店:小美 2026-2-30 25:61:00\r\n"
                                  "您好\r\ntb_小鱼儿88 2026-10-19 9:05:03\r\n好的\r\n").encode("utf-8")
    m["qianniu-truncated.txt"] = QIANNIU.replace("\n", "\r\n").encode("utf-8")[:333]
    m["csv-in-xlsx-clothing.xlsx"] = good_csv
    m["xlsx-named-csv.csv"] = good_xlsx
    m["semicolon-excel-eu.csv"] = ("订单编号;订单创建时间;买家实际支付金额\r\n1930679858170647;2026-10-19 09:05:03;"
                                   "128,50\r\n").encode("utf-8")
    m["tsv-with-commas-in-cells.txt"] = ("订单编号\t订单创建时间\t买家实际支付金额\t宝贝标题\r\n1\t2026-10-19 09:00:00\t"
                                         "1,280.00\t红,黄,蓝\r\n").encode("gbk")
    m["summary-rows-only.csv"] = ("客服昵称,接待人数,询单人数\r\n汇总,10,5\r\n均值,5,2.5\r\n").encode("utf-8")
    m["header-after-60-blank-lines.csv"] = ("\r\n" * 60 + orders_h + "\r\n" + row + "\r\n").encode("utf-8")
    m["control-chars.csv"] = (orders_h + "\r\n" + row.replace("T恤", "T\x07恤\x1b[31m\x08") + "\r\n").encode("utf-8")
    m["lone-surrogate-utf16.txt"] = b"\xff\xfe" + "订单编号\t订单创建时间\r\n".encode("utf-16-le") + b"\x00\xd8\x41\x00"
    m["unknown-layout.csv"] = "姓名,年龄,爱好\r\n张三,30,游泳\r\n李四,25,跑步\r\n".encode("utf-8")
    return m


def rezip(data: bytes, drop=lambda n: False, patch: dict[str, bytes] | None = None) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    entries = []
    for info in src.infolist():
        if drop(info.filename):
            continue
        body = (patch or {}).get(info.filename, src.read(info.filename))
        entries.append((info.filename, body))
    return zip_of(entries)


def corrupt_crc(data: bytes) -> bytes:
    b = bytearray(data)
    # Flip a byte of the stored CRC in the local header (offset 14) and the central directory.
    b[14] ^= 0xFF
    cd = b.rfind(b"PK\x01\x02")
    b[cd + 16] ^= 0xFF
    return bytes(b)


def encrypted_flag(data: bytes) -> bytes:
    b = bytearray(data)
    b[6] |= 1
    cd = b.rfind(b"PK\x01\x02")
    b[cd + 8] |= 1
    return bytes(b)


def method_patch(data: bytes, method: int) -> bytes:
    b = bytearray(data)
    b[8:10] = struct.pack("<H", method)
    cd = b.rfind(b"PK\x01\x02")
    b[cd + 10:cd + 12] = struct.pack("<H", method)
    return bytes(b)


def lying_size(data: bytes) -> bytes:
    """A stored entry whose headers claim 4 GiB - 1 uncompressed."""
    b = bytearray(data)
    b[22:26] = struct.pack("<I", 0xFFFFFFF0)
    cd = b.rfind(b"PK\x01\x02")
    b[cd + 24:cd + 28] = struct.pack("<I", 0xFFFFFFF0)
    return bytes(b)


def zip_bomb(size: int) -> bytes:
    """One entry of `size` zero bytes, deflated (about 1000:1)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"\x00" * (1 << 20)
    body = b"".join(comp.compress(chunk) for _ in range(size >> 20)) + comp.flush()
    crc = 0
    for _ in range(size >> 20):
        crc = zlib.crc32(chunk, crc)
    name = "订单报表.csv".encode("utf-8")
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, 8, 0, 0x5B50, crc, len(body), size, len(name), 0)
    cd = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800, 8, 0, 0x5B50, crc, len(body), size,
                     len(name), 0, 0, 0, 0, 0, 0)
    central = cd + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(local) + len(name) + len(body), 0)
    return local + name + body + central + end


# ---------------------------------------------------------------------------------------------


FIXTURES = {
    "orders/taobao-订单报表-quirks.csv": taobao_quirks,
    "orders/taobao-订单报表-gbk.csv": taobao_gbk,
    "orders/taobao-订单报表-gbk.tsv": lambda: taobao_gbk("\t"),
    "orders/tmall-订单报表-新版-utf8bom.csv": tmall_new,
    "orders/taobao-订单报表-unicode.txt": taobao_unicode_txt,
    "orders/taobao-订单报表.xlsx": taobao_xlsx,
    "orders/taobao-订单报表.xls": taobao_xls,
    "orders/jd-订单-gbk.csv": jd_orders,
    "orders/pdd-订单-utf8bom.csv": pdd_orders,
    "orders/douyin-订单.xlsx": douyin_orders,
    "sub-orders/taobao-宝贝报表-utf8bom.csv": sub_orders_csv,
    "sub-orders/taobao-宝贝报表.xls": sub_orders_xls,
    "refunds/taobao-退款报表.xlsx": refunds_xlsx,
    "refunds/taobao-退款报表-gbk.csv": refunds_gbk,
    "refunds/taobao-退款报表.tsv": refunds_tsv,
    "reviews/评价-插件.csv": reviews_plugin,
    "reviews/评价-utf16be.csv": reviews_utf16be,
    "agent-stats/客服接待数据_2026-11-02至2026-11-08.xlsx": chitu_xlsx,
    "agent-stats/赤兔-客服绩效-gbk_2026-11-01至2026-11-02.csv": chitu_daily_gbk,
    "agent-stats/生意参谋-客服销售_2026-11-01至2026-11-07.xls": sycm_xls,
    "staff/客服名单.xlsx": staff_xlsx,
    "staff/客服名单-utf16be.csv": staff_utf16be,
    "attendance/钉钉-每日统计.xlsx": dingtalk_xlsx,
    "attendance/考勤-gbk.csv": attendance_gbk,
    "chats/千牛-聊天记录.txt": qianniu_utf8,
    "chats/千牛-单个会话-gbk.txt": qianniu_gbk,
    "chats/tb_小鱼儿88.json": chat_json,
    "chats/聊天记录-客户ID.xlsx": chat_transcripts_xlsx,
    "chats/聊天记录-通用.csv": chat_generic,
    "archives/导出合集.zip": archive,
    "archives/导出合集-gbk文件名.zip": archive_gbk_names,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--demo", type=Path, help="output of `kefu demo --messages 2000 --seed 3` to copy from")
    args = ap.parse_args()
    for rel, make in FIXTURES.items():
        write(HERE / rel, make())
    if args.demo:
        copy_demo(args.demo, HERE / "demo")
    MALFORMED.mkdir(parents=True, exist_ok=True)
    wanted = malformed()
    for p in MALFORMED.iterdir():
        keep = p.name.endswith(".expected") or p.name.startswith(("crash-", "abort-", "."))
        if p.is_file() and not keep and p.name not in wanted:
            p.unlink()
    for name, data in wanted.items():
        write(MALFORMED / name, data)
    total = sum(f.stat().st_size for f in HERE.rglob("*") if f.is_file())
    print(f"fixtures: {len(FIXTURES)} files (+ demo copies), {total / 1024:.0f} KiB in {HERE}")
    print(f"malformed: {len(wanted)} files in {MALFORMED}")


if __name__ == "__main__":
    main()
