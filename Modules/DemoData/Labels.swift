import Domain

/// Names of the demo's regions, institutions, clusters and specialties in the interface
/// languages (issue #14): Uzbek (Latin, and Cyrillic by the official correspondence, written
/// with `Tools/l10n.py`), Russian and English, as they are written in Uzbekistan — the
/// institutions' own names where they have one.
enum DemoLabels {
  /// The labels of a record; English only where it is not the record's name already.
  static func of(_ code: String, name: String) -> [Label] {
    guard let (en, uz, uzCyrl, ru) = table[code] else { return [] }
    let labels = [
      Label(lang: "uz", name: uz), Label(lang: "uz-Cyrl", name: uzCyrl), Label(lang: "ru", name: ru),
    ]
    return en == name ? labels : labels + [Label(lang: "en", name: en)]
  }

  private static let table: [String: (en: String, uz: String, uzCyrl: String, ru: String)] = [
    "UZ": ("Republic of Uzbekistan", "Oʻzbekiston Respublikasi", "Ўзбекистон Республикаси", "Республика Узбекистан"),
    "UZ-NG": ("Namangan Region", "Namangan viloyati", "Наманган вилояти", "Наманганская область"),
    "UZ-NG-NAM": ("Namangan city", "Namangan shahri", "Наманган шаҳри", "город Наманган"),
    "UZ-NG-TUR": ("Turakurgan District", "Toʻraqoʻrgʻon tumani", "Тўрақўрғон тумани", "Туракурганский район"),
    "UZ-NG-UCH": ("Uchkurgan District", "Uchqoʻrgʻon tumani", "Учқўрғон тумани", "Учкурганский район"),
    "UZ-AN": ("Andijan Region", "Andijon viloyati", "Андижон вилояти", "Андижанская область"),
    "UZ-AN-AND": ("Andijan city", "Andijon shahri", "Андижон шаҳри", "город Андижан"),
    "UZ-AN-SHA": ("Shahrikhan District", "Shahrixon tumani", "Шаҳрихон тумани", "Шахриханский район"),
    "UZ-AN-MAR": ("Marhamat District", "Marhamat tumani", "Марҳамат тумани", "Мархаматский район"),
    "UZ-AN-ASA": ("Asaka District", "Asaka tumani", "Асака тумани", "Асакинский район"),
    "UZ-TO": ("Tashkent Region", "Toshkent viloyati", "Тошкент вилояти", "Ташкентская область"),
    "UZ-TO-NUR": ("Nurafshan city", "Nurafshon shahri", "Нурафшон шаҳри", "город Нурафшан"),
    "UZ-TO-ANG": ("Angren city", "Angren shahri", "Ангрен шаҳри", "город Ангрен"),
    "UZ-TO-OLM": ("Almalyk city", "Olmaliq shahri", "Олмалиқ шаҳри", "город Алмалык"),
    "UZ-TK": ("Tashkent city", "Toshkent shahri", "Тошкент шаҳри", "город Ташкент"),
    "NamECI": (
      "Namangan Engineering and Construction Institute", "Namangan muhandislik-qurilish instituti",
      "Наманган муҳандислик-қурилиш институти", "Наманганский инженерно-строительный институт"
    ),
    "AndMI": (
      "Andijan Machine-Building Institute", "Andijon mashinasozlik instituti", "Андижон машинасозлик институти",
      "Андижанский машиностроительный институт"
    ),
    "TSTU": (
      "Tashkent State Technical University", "Toshkent davlat texnika universiteti",
      "Тошкент давлат техника университети", "Ташкентский государственный технический университет"
    ),
    "TSTU-OLM": (
      "Almalyk branch of Tashkent State Technical University", "Toshkent davlat texnika universiteti Olmaliq filiali",
      "Тошкент давлат техника университети Олмалиқ филиали",
      "Алмалыкский филиал Ташкентского государственного технического университета"
    ),
    "VC-TUR": (
      "Turaqo‘rg‘on Construction Technical School", "Toʻraqoʻrgʻon qurilish texnikumi", "Тўрақўрғон қурилиш техникуми",
      "Туракурганский строительный техникум"
    ),
    "VC-UCH": (
      "Uchqo‘rg‘on Vocational College of Agro-Industry and Light Industry",
      "Uchqoʻrgʻon agrosanoat va yengil sanoat kasb-hunar kolleji",
      "Учқўрғон агросаноат ва енгил саноат касб-ҳунар коллежи",
      "Учкурганский профессиональный колледж агропромышленности и лёгкой промышленности"
    ),
    "VC-NAM": (
      "Namangan Technical School of Textile Industry and Energy",
      "Namangan toʻqimachilik sanoati va energetika texnikumi", "Наманган тўқимачилик саноати ва энергетика техникуми",
      "Наманганский техникум текстильной промышленности и энергетики"
    ),
    "VC-SHA": (
      "Shahrikhon Technical College", "Shahrixon texnika kolleji", "Шаҳрихон техника коллежи",
      "Шахриханский технический колледж"
    ),
    "VC-MAR": (
      "Marhamat Agro-Industrial College", "Marhamat agrosanoat kolleji", "Марҳамат агросаноат коллежи",
      "Мархаматский агропромышленный колледж"
    ),
    "VC-ASA": (
      "Asaka Automotive Technical School", "Asaka avtomobilsozlik texnikumi", "Асака автомобилсозлик техникуми",
      "Асакинский автомобильный техникум"
    ),
    "VC-ANG": (
      "Angren Mining and Energy Technical School", "Angren togʻ-kon va energetika texnikumi",
      "Ангрен тоғ-кон ва энергетика техникуми", "Ангренский горно-энергетический техникум"
    ),
    "VC-OLM": (
      "Olmaliq Metallurgical College", "Olmaliq metallurgiya kolleji", "Олмалиқ металлургия коллежи",
      "Алмалыкский металлургический колледж"
    ),
    "RI-BMAT": (
      "Research Institute of Building Materials and Structures",
      "Qurilish materiallari va konstruksiyalari ilmiy-tadqiqot instituti",
      "Қурилиш материаллари ва конструкциялари илмий-тадқиқот институти",
      "Научно-исследовательский институт строительных материалов и конструкций"
    ),
    "RI-MACH": (
      "Andijan Research and Design Centre for Machine-Building", "Andijon mashinasozlik ilmiy-loyihalash markazi",
      "Андижон машинасозлик илмий-лойиҳалаш маркази", "Андижанский научно-проектный центр машиностроения"
    ),
    "RI-GEO": (
      "Institute of Mining and Geotechnology", "Togʻ-kon ishi va geotexnologiya instituti",
      "Тоғ-кон иши ва геотехнология институти", "Институт горного дела и геотехнологии"
    ),
    "GOV-MHE": (
      "Ministry of Higher Education, Science and Innovation", "Oliy taʼlim, fan va innovatsiyalar vazirligi",
      "Олий таълим, фан ва инновациялар вазирлиги", "Министерство высшего образования, науки и инноваций"
    ),
    "TTI-NG": (
      "Namangan Regional Institute for Teacher Retraining and Professional Development",
      "Namangan viloyati pedagog kadrlarni qayta tayyorlash va ularning malakasini oshirish instituti",
      "Наманган вилояти педагог кадрларни қайта тайёрлаш ва уларнинг малакасини ошириш институти",
      "Наманганский областной институт переподготовки и повышения квалификации педагогических кадров"
    ),
    "TTI-AVL": (
      "National Institute of Teacher Training in New Methods named after A. Avloni",
      "Abdulla Avloniy nomidagi pedagoglarni yangi metodikalarga oʻrgatish milliy instituti",
      "Абдулла Авлоний номидаги педагогларни янги методикаларга ўргатиш миллий институти",
      "Национальный институт обучения педагогов новым методикам имени Абдуллы Авлони"
    ),
    "ENT-AGMK": ("Almalyk MMC JSC", "«Olmaliq KMK» AJ", "«Олмалиқ КМК» АЖ", "АО «Алмалыкский ГМК»"),
    "CL-NG-BUILD": (
      "Namangan Construction and Engineering Educational Cluster", "Namangan qurilish va muhandislik taʼlim klasteri",
      "Наманган қурилиш ва муҳандислик таълим кластери", "Наманганский строительно-инженерный образовательный кластер"
    ),
    "CL-AN-MACH": (
      "Andijan Machine-Building Educational Cluster", "Andijon mashinasozlik taʼlim klasteri",
      "Андижон машинасозлик таълим кластери", "Андижанский машиностроительный образовательный кластер"
    ),
    "CL-TO-ENERGY": (
      "Angren Energy and Mining Educational Cluster", "Angren energetika va togʻ-kon taʼlim klasteri",
      "Ангрен энергетика ва тоғ-кон таълим кластери",
      "Ангренский энергетический и горнодобывающий образовательный кластер"
    ),
    "60730300": (
      "Construction of buildings and structures", "Bino va inshootlar qurilishi", "Бино ва иншоотлар қурилиши",
      "Строительство зданий и сооружений"
    ),
    "60730500": (
      "Production of building materials, products and structures",
      "Qurilish materiallari, buyumlari va konstruksiyalarini ishlab chiqarish",
      "Қурилиш материаллари, буюмлари ва конструкцияларини ишлаб чиқариш",
      "Производство строительных материалов, изделий и конструкций"
    ),
    "60710900": (
      "Machine-building technology", "Mashinasozlik texnologiyasi", "Машинасозлик технологияси",
      "Технология машиностроения"
    ),
    "60711400": (
      "Automotive engineering and service", "Avtomobilsozlik va avtoservis", "Автомобилсозлик ва автосервис",
      "Автомобилестроение и автосервис"
    ),
    "60711500": (
      "Mechatronics and robotics", "Mexatronika va robototexnika", "Мехатроника ва робототехника",
      "Мехатроника и робототехника"
    ),
    "60720600": ("Mining engineering", "Konchilik ishi", "Кончилик иши", "Горное дело"),
    "60710200": ("Electrical power engineering", "Elektr energetikasi", "Электр энергетикаси", "Электроэнергетика"),
    "70710900": (
      "Machine-building technology (master)", "Mashinasozlik texnologiyasi (magistratura)",
      "Машинасозлик технологияси (магистратура)", "Технология машиностроения (магистратура)"
    ),
    "70730300": (
      "Construction engineering (master)", "Qurilish muhandisligi (magistratura)",
      "Қурилиш муҳандислиги (магистратура)", "Строительная инженерия (магистратура)"
    ),
    "3-0715-01": (
      "Welding production", "Payvandlash ishlab chiqarishi", "Пайвандлаш ишлаб чиқариши", "Сварочное производство"
    ),
    "3-0732-02": (
      "Construction and installation works", "Qurilish-montaj ishlari", "Қурилиш-монтаж ишлари",
      "Строительно-монтажные работы"
    ),
    "3-0716-03": (
      "Automotive maintenance and repair", "Avtomobillarga texnik xizmat koʻrsatish va taʼmirlash",
      "Автомобилларга техник хизмат кўрсатиш ва таъмирлаш", "Техническое обслуживание и ремонт автомобилей"
    ),
    "3-0713-04": (
      "Electrical installation and maintenance", "Elektr montaj va xizmat koʻrsatish",
      "Электр монтаж ва хизмат кўрсатиш", "Электромонтаж и обслуживание электрооборудования"
    ),
    "3-0724-05": (
      "Open-pit mining operations", "Ochiq usulda kon ishlari", "Очиқ усулда кон ишлари", "Открытые горные работы"
    ),
    "3-0723-06": (
      "Sewing technology and garment production", "Tikuvchilik texnologiyasi va kiyim ishlab chiqarish",
      "Тикувчилик технологияси ва кийим ишлаб чиқариш", "Технология швейного производства"
    ),
    "3-0721-07": (
      "Fruit and vegetable processing", "Meva va sabzavotlarni qayta ishlash", "Мева ва сабзавотларни қайта ишлаш",
      "Переработка плодов и овощей"
    ),
  ]
}
