"""Bilingual contracts for tests, written by us: one short data processing agreement
in Russian, Kazakh, Uzbek (Latin letters) and English, clause by clause, and the
layouts they are signed in (a two-column table, twin paragraphs, two PDF columns).

The clauses of the four versions say the same thing in the same order, so clause
n of one language is the translation of clause n of another.
"""

from __future__ import annotations

from pathlib import Path

RU_TITLE = "Договор на обработку персональных данных"
KK_TITLE = "Дербес деректерді өңдеу туралы шарт"
RU_PARTIES = (
    "ТОО «Степь Облако», именуемое в дальнейшем «Исполнитель», и АО «Каспий Банк», "
    "именуемое в дальнейшем «Заказчик», заключили настоящий Договор о нижеследующем."
)
KK_PARTIES = (
    "Бұдан әрі «Орындаушы» деп аталатын «Степь Бұлт» ЖШС және бұдан әрі «Тапсырыс беруші» деп "
    "аталатын «Каспий Банк» АҚ осы Шартты төмендегілер туралы жасасты."
)
RU = [
    "1. Исполнитель обрабатывает персональные данные Заказчика исключительно по поручению "
    "Заказчика и в соответствии с его документированными указаниями.",
    "2. Исполнитель не вправе использовать данные Заказчика, в том числе запросы и результаты, "
    "для обучения или улучшения моделей искусственного интеллекта без предварительного "
    "письменного согласия Заказчика.",
    "3. Исполнитель хранит и обрабатывает персональные данные Заказчика исключительно в центрах "
    "обработки данных, расположенных на территории Республики Казахстан.",
    "4. Исполнитель уведомляет Заказчика о любом инциденте, повлёкшем неправомерный доступ к "
    "данным Заказчика, в течение 24 часов с момента его выявления.",
    "5. В течение 30 дней после прекращения Договора Исполнитель возвращает Заказчику все его "
    "данные и удаляет их копии.",
    "6. Исполнитель уведомляет Заказчика о любом запросе государственного органа о "
    "предоставлении данных Заказчика, если такое уведомление не запрещено законом.",
    "7. Исполнитель привлекает субподрядчиков к обработке данных Заказчика только с "
    "предварительного письменного согласия Заказчика.",
    "8. Все права на результаты, созданные Сервисом по запросам Заказчика, принадлежат Заказчику.",
]
KK = [
    "1. Орындаушы Тапсырыс берушінің дербес деректерін тек Тапсырыс берушінің тапсырмасы "
    "бойынша және оның құжатталған нұсқауларына сәйкес өңдейді.",
    "2. Орындаушы Тапсырыс берушінің деректерін, оның ішінде сұраулар мен нәтижелерді, "
    "Тапсырыс берушінің алдын ала жазбаша келісімінсіз жасанды интеллект модельдерін оқыту "
    "немесе жетілдіру үшін пайдалануға құқылы емес.",
    "3. Орындаушы Тапсырыс берушінің дербес деректерін тек Қазақстан Республикасының "
    "аумағында орналасқан деректерді өңдеу орталықтарында сақтайды және өңдейді.",
    "4. Орындаушы Тапсырыс берушіні оның деректеріне заңсыз қол жеткізуге әкеп соққан кез "
    "келген инцидент туралы ол анықталған сәттен бастап 24 сағат ішінде хабардар етеді.",
    "5. Шарт тоқтатылғаннан кейін 30 күн ішінде Орындаушы Тапсырыс берушіге оның барлық "
    "деректерін қайтарады және олардың көшірмелерін жояды.",
    "6. Егер мұндай хабарлама заңмен тыйым салынбаса, Орындаушы Тапсырыс берушіні оның "
    "деректерін беру туралы мемлекеттік органның кез келген сұрауы туралы хабардар етеді.",
    "7. Орындаушы Тапсырыс берушінің деректерін өңдеуге қосалқы мердігерлерді тек Тапсырыс "
    "берушінің алдын ала жазбаша келісімімен тартады.",
    "8. Тапсырыс берушінің сұраулары бойынша Сервис жасаған нәтижелерге барлық құқықтар "
    "Тапсырыс берушіге тиесілі.",
]
UZ = [
    "1. Ijrochi Buyurtmachining shaxsiy ma'lumotlarini faqat Buyurtmachining topshirig'i "
    "bo'yicha va uning hujjatlashtirilgan ko'rsatmalariga muvofiq qayta ishlaydi.",
    "2. Ijrochi Buyurtmachining ma'lumotlarini, shu jumladan so'rovlar va natijalarni, "
    "Buyurtmachining oldindan yozma roziligisiz sun'iy intellekt modellarini o'qitish yoki "
    "takomillashtirish uchun foydalanishga haqli emas.",
    "3. Ijrochi Buyurtmachining shaxsiy ma'lumotlarini faqat Qozog'iston Respublikasi hududida "
    "joylashgan ma'lumotlarni qayta ishlash markazlarida saqlaydi va qayta ishlaydi.",
    "4. Ijrochi Buyurtmachini uning ma'lumotlariga qonunga xilof ravishda kirishga olib kelgan "
    "har qanday hodisa to'g'risida u aniqlangan paytdan boshlab 24 soat ichida xabardor qiladi.",
    "5. Shartnoma tugatilgandan keyin 30 kun ichida Ijrochi Buyurtmachiga uning barcha "
    "ma'lumotlarini qaytaradi va ularning nusxalarini o'chiradi.",
    "6. Agar bunday xabar berish qonun bilan taqiqlanmagan bo'lsa, Ijrochi Buyurtmachini uning "
    "ma'lumotlarini taqdim etish to'g'risidagi davlat organining har qanday so'rovi haqida "
    "xabardor qiladi.",
    "7. Ijrochi Buyurtmachining ma'lumotlarini qayta ishlashga subpudratchilarni faqat "
    "Buyurtmachining oldindan yozma roziligi bilan jalb qiladi.",
    "8. Buyurtmachining so'rovlari bo'yicha Servis tomonidan yaratilgan natijalarga barcha "
    "huquqlar Buyurtmachiga tegishli.",
]
EN = [
    "1. The Provider processes the Customer's personal data only on behalf of the Customer "
    "and in accordance with its documented instructions.",
    "2. The Provider shall not use Customer Data, including prompts and outputs, to train or "
    "improve artificial intelligence models without the Customer's prior written consent.",
    "3. The Provider stores and processes the Customer's personal data only in data centres "
    "located in the Republic of Kazakhstan.",
    "4. The Provider shall notify the Customer of any incident resulting in unauthorised "
    "access to Customer Data within 24 hours of becoming aware of it.",
    "5. Within 30 days after termination of the Agreement the Provider shall return all "
    "Customer Data to the Customer and delete all copies.",
    "6. The Provider shall notify the Customer of any request by a government authority for "
    "Customer Data unless such notice is prohibited by law.",
    "7. The Provider engages subprocessors to process Customer Data only with the Customer's "
    "prior written consent.",
    "8. All rights in outputs generated by the Service from the Customer's prompts belong to "
    "the Customer.",
]
UZ_TITLE = "Shaxsiy ma'lumotlarni qayta ishlash to'g'risidagi shartnoma"
UZ_PARTIES = (
    "Bundan buyon «Ijrochi» deb ataladigan «Step Bulut» MChJ va bundan buyon «Buyurtmachi» deb "
    "ataladigan «Kaspiy Bank» AJ ushbu Shartnomani quyidagilar haqida tuzdilar."
)
EN_TITLE = "Data Processing Agreement"
EN_PARTIES = (
    'Steppe Cloud LLP (the "Provider") and Caspian Bank JSC (the "Customer") have entered into '
    "this Agreement as follows."
)
VERSIONS = {"ru": RU, "kk": KK, "uz": UZ, "en": EN}
TITLES = {"ru": RU_TITLE, "kk": KK_TITLE, "uz": UZ_TITLE, "en": EN_TITLE}
PARTIES = {"ru": RU_PARTIES, "kk": KK_PARTIES, "uz": UZ_PARTIES, "en": EN_PARTIES}
# Clause (index into the lists) that decides each of these requirements in Russian.
CLAUSE_OF = {
    "training.no-training-without-consent": 1,
    "residency.localization": 2,
    "incidents.breach-notification": 3,
    "deletion.return-or-delete": 4,
    "government.notify-customer": 5,
    "subprocessors.authorization": 6,
}


def markdown_table(left: str, right: str) -> str:
    """A markdown contract laid out as a two-column table, `left` | `right` language."""
    rows = [(PARTIES[left], PARTIES[right])]
    rows += list(zip(VERSIONS[left], VERSIONS[right], strict=True))
    body = "".join(f"| {a} | {b} |\n" for a, b in rows)
    return f"| {TITLES[left]} | {TITLES[right]} |\n|---|---|\n{body}"


def twin_paragraphs(first: str, second: str) -> str:
    """Each clause followed by its translation under the same number."""
    pairs = zip(
        [PARTIES[first], *VERSIONS[first]], [PARTIES[second], *VERSIONS[second]], strict=True
    )
    return f"{TITLES[first]}\n\n" + "\n\n".join(f"{a}\n\n{b}" for a, b in pairs) + "\n"


def docx_table(path: Path, left: str, right: str) -> Path:
    """A Word contract laid out as a two-column table, one clause per row."""
    import docx

    document = docx.Document()
    document.add_heading(f"{TITLES[left]} / {TITLES[right]}", level=1)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    rows = [(PARTIES[left], PARTIES[right])]
    rows += list(zip(VERSIONS[left], VERSIONS[right], strict=True))
    for cells in rows:
        row = table.add_row().cells
        row[0].text, row[1].text = cells
    document.save(str(path))
    return path


def docx_twins(path: Path, first: str, second: str) -> Path:
    """A Word contract with each paragraph followed by its translation."""
    import docx

    document = docx.Document()
    document.add_heading(TITLES[first], level=1)
    document.add_paragraph(PARTIES[first])
    document.add_paragraph(PARTIES[second])
    for a, b in zip(VERSIONS[first], VERSIONS[second], strict=True):
        document.add_paragraph(a)
        document.add_paragraph(b)
    document.save(str(path))
    return path


def pdf_columns(path: Path, left: str, right: str, *, drift: bool = False) -> Path:
    """A PDF page in two text columns, `left` | `right` language. With `drift` the right
    column is set in a larger font, so its paragraphs do not start on the lines of
    their originals."""
    from tests.ingest.pdfs import column, fonts, write_pdf

    regular, bold = fonts()
    runs, _ = column([PARTIES[left], *VERSIONS[left]], regular, 50, 110, 240, size=9)
    size = 10 if drift else 9
    other, _ = column([PARTIES[right], *VERSIONS[right]], regular, 320, 110, 240, size=size)
    heads = [(50, 80, TITLES[left], bold, 9), (320, 80, TITLES[right], bold, 9)]
    return write_pdf(path, [heads + runs + other])


def pdf_table(path: Path, left: str, right: str) -> Path:
    """A PDF of a ruled two-column table, one clause per row, drawn cell by cell."""
    from tests.ingest.pdfs import fonts, table_pdf

    regular, _ = fonts()
    rows = [[PARTIES[left], PARTIES[right]]]
    rows += [list(pair) for pair in zip(VERSIONS[left], VERSIONS[right], strict=True)]
    return table_pdf(path, rows, [256.0, 256.0], regular, size=9.0, top=60.0)
