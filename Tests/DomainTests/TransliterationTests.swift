import Domain
import Testing

/// Search across scripts (issue #14): real names of Namangan, Andijan and Tashkent regions —
/// districts, cities and institutions — as the official Uzbek Latin and Cyrillic alphabets write
/// them fold to one key, so either spelling finds the other.
struct TransliterationTests {
  static let names: [(latin: String, cyrillic: String)] = [
    // Namangan region
    ("Chortoq", "Чортоқ"), ("Chust", "Чуст"), ("Kosonsoy", "Косонсой"), ("Mingbuloq", "Мингбулоқ"),
    ("Namangan", "Наманган"), ("Norin", "Норин"), ("Pop", "Поп"), ("Toʻraqoʻrgʻon", "Тўрақўрғон"),
    ("Uchqoʻrgʻon", "Учқўрғон"), ("Uychi", "Уйчи"), ("Yangiqoʻrgʻon", "Янгиқўрғон"), ("Davlatobod", "Давлатобод"),
    ("Yangi Namangan", "Янги Наманган"),
    // Andijan region
    ("Andijon", "Андижон"), ("Asaka", "Асака"), ("Baliqchi", "Балиқчи"), ("Boʻz", "Бўз"), ("Buloqboshi", "Булоқбоши"),
    ("Izboskan", "Избоскан"), ("Jalaquduq", "Жалақудуқ"), ("Xoʻjaobod", "Хўжаобод"), ("Qoʻrgʻontepa", "Қўрғонтепа"),
    ("Marhamat", "Марҳамат"), ("Oltinkoʻl", "Олтинкўл"), ("Paxtaobod", "Пахтаобод"), ("Shahrixon", "Шаҳрихон"),
    ("Ulugʻnor", "Улуғнор"), ("Xonobod", "Хонобод"),
    // Tashkent region and city
    ("Angren", "Ангрен"), ("Bekobod", "Бекобод"), ("Boʻka", "Бўка"), ("Boʻstonliq", "Бўстонлиқ"), ("Chinoz", "Чиноз"),
    ("Qibray", "Қибрай"), ("Ohangaron", "Оҳангарон"), ("Oqqoʻrgʻon", "Оққўрғон"), ("Parkent", "Паркент"),
    ("Piskent", "Пискент"), ("Quyi Chirchiq", "Қуйи Чирчиқ"), ("Oʻrta Chirchiq", "Ўрта Чирчиқ"),
    ("Yuqori Chirchiq", "Юқори Чирчиқ"), ("Yangiyoʻl", "Янгийўл"), ("Zangiota", "Зангиота"), ("Olmaliq", "Олмалиқ"),
    ("Chirchiq", "Чирчиқ"), ("Nurafshon", "Нурафшон"), ("Toshkent", "Тошкент"), ("Yangiobod", "Янгиобод"),
    // Institutions
    ("Namangan davlat universiteti", "Наманган давлат университети"),
    ("Namangan muhandislik-qurilish instituti", "Наманган муҳандислик-қурилиш институти"),
    ("Namangan muhandislik-texnologiya instituti", "Наманган муҳандислик-технология институти"),
    ("Andijon davlat universiteti", "Андижон давлат университети"),
    ("Andijon mashinasozlik instituti", "Андижон машинасозлик институти"),
    ("Andijon davlat tibbiyot instituti", "Андижон давлат тиббиёт институти"),
    ("Toshkent davlat texnika universiteti", "Тошкент давлат техника университети"),
    ("Chirchiq davlat pedagogika universiteti", "Чирчиқ давлат педагогика университети"),
    ("Oʻzbekiston Milliy universiteti", "Ўзбекистон Миллий университети"),
    ("Toshkent axborot texnologiyalari universiteti", "Тошкент ахборот технологиялари университети"),
    ("Olmaliq kon-metallurgiya kombinati", "Олмалиқ кон-металлургия комбинати"),
    ("Toʻraqoʻrgʻon qurilish texnikumi", "Тўрақўрғон қурилиш техникуми"),
    ("Oliy taʼlim, fan va innovatsiyalar vazirligi", "Олий таълим, фан ва инновациялар вазирлиги"),
  ]

  @Test("at least 50 names, each folding to one key in Latin and Cyrillic")
  func bothScriptsFoldAlike() {
    #expect(Self.names.count >= 50)
    for (latin, cyrillic) in Self.names {
      #expect(TextFolding.fold(latin) == TextFolding.fold(cyrillic), "\(latin) / \(cyrillic)")
      #expect(TextFolding.tokens(latin) == TextFolding.tokens(cyrillic), "\(latin) / \(cyrillic)")
    }
  }

  @Test("every apostrophe form of oʻ and gʻ folds to one, and the tutuq belgisi to the hard sign's nothing")
  func apostrophes() {
    let forms = ["Toʻraqoʻrgʻon", "To‘raqo‘rg‘on", "To’raqo’rg’on", "Toʼraqoʼrgʼon", "To'raqo'rg'on", "To`raqo`rg`on"]
    #expect(Set(forms.map(TextFolding.fold)) == ["toraqorgon"])
    #expect(TextFolding.fold("maʼlumot") == TextFolding.fold("маълумот"))
  }

  @Test("the English spellings: kh for x, and ye for Cyrillic е")
  func englishSpellings() {
    #expect(TextFolding.fold("Shahrikhon") == TextFolding.fold("Shahrixon"))
    #expect(TextFolding.fold("Khorezm") == TextFolding.fold("Хорезм"))
    #expect(TextFolding.fold("Yangiyer") == TextFolding.fold("Янгиер"))
  }
}
