import Foundation
import TestSupport
import Testing

// The interface languages on the real binary (issue #14): --lang, EDUCLUSTER_LANG and the POSIX
// locale choose the words; machine formats and exit statuses stay as they are.

@Test func orgListSpeaksRussianWithTheLabelsOfTheDemo() throws {
  let cli = try CLI()
  try cli.demo()
  let r = try cli.run(["--lang", "ru", "org", "list"])
  #expect(r.status == 0)
  let header = r.stdout.split(separator: "\n").first.map(String.init) ?? ""
  #expect(header.hasPrefix("код"), "\(header)")
  #expect(header.contains("название") && header.contains("регион"), "\(header)")
  // The demo's Russian labels, the name where there is none.
  #expect(r.stdout.contains("Туракурганский строительный техникум"))
  #expect(r.stdout.contains("Наманганский инженерно-строительный институт"))
  #expect(r.stdout.contains("SmartBuild Soft MChJ"))
  // CSV is a machine format: the same columns and names in every language.
  let csvRu = try cli.run(["--lang", "ru", "org", "list", "--format", "csv"])
  let csvEn = try cli.run(["org", "list", "--format", "csv"])
  #expect(csvRu.stdout == csvEn.stdout)
  #expect(csvRu.stdout.hasPrefix("code,name,kind,region"))
}

@Test func gapSpeaksUzbekInBothScripts() throws {
  let cli = try CLI()
  try cli.demo()
  let uz = try cli.run(["--lang", "uz", "gap", "--on", "2026-11-29", "--only-gaps"])
  #expect(uz.status == 0, "\(uz.stderr)")
  #expect(uz.stdout.contains("mutaxassislik"))
  #expect(uz.stdout.contains("taqchillik"))
  #expect(uz.stdout.contains("Tavsiyalar:"))
  #expect(uz.stdout.contains("Payvandlash ishlab chiqarishi"))  // the specialty's Uzbek label
  #expect(uz.stdout.contains("yillik qabulni"))
  let cyrl = try cli.run(["gap", "--on", "2026-11-29", "--only-gaps"], environment: ["EDUCLUSTER_LANG": "uz-Cyrl"])
  #expect(cyrl.stdout.contains("мутахассислик"))
  #expect(cyrl.stdout.contains("Тавсиялар:"))
  // JSON does not change with the language.
  let jsonUz = try cli.run(["--lang", "uz", "gap", "--on", "2026-11-29", "--format", "json"])
  let jsonEn = try cli.run(["gap", "--on", "2026-11-29", "--format", "json"])
  #expect(jsonUz.stdout == jsonEn.stdout)
}

@Test(arguments: [
  ("en", "no organization with code 'NOPE'"), ("ru", "не найдено: организация с кодом «NOPE»"),
  ("uz", "«NOPE» kodli tashkilot topilmadi"), ("uz-Cyrl", "«NOPE» кодли ташкилот топилмади"),
])
func anErrorInEachLanguageKeepsItsExitStatus(_ language: String, _ words: String) throws {
  let cli = try CLI()
  try cli.demo()
  let missing = try cli.run(["--lang", language, "org", "show", "NOPE"])
  #expect(missing.status == 1)
  #expect(missing.stderr == "educluster: \(words)\n")
  // A usage error stays status 2 in every language.
  let usage = try cli.run(["--lang", language, "org", "add", "--code", "X"])
  #expect(usage.status == 2, "\(usage.stderr)")
  #expect(usage.stdout.isEmpty)
}

@Test func theLocaleChoosesTheLanguageAndAnUnknownOneIsAUsageError() throws {
  let cli = try CLI()
  let none = try cli.run(["org", "list"], environment: ["LC_ALL": "", "LANG": "ru_RU.UTF-8"])
  #expect(none.status == 1)
  #expect(none.stderr.contains("нет базы данных"), "\(none.stderr)")
  let cyrillic = try cli.run(["org", "list"], environment: ["LC_ALL": "uz_UZ.UTF-8@cyrillic"])
  #expect(cyrillic.stderr.contains("маълумотлар базаси йўқ"), "\(cyrillic.stderr)")
  // --lang wins over the environment.
  let english = try cli.run(["--lang", "en", "org", "list"], environment: ["EDUCLUSTER_LANG": "ru"])
  #expect(english.stderr.contains("no database at"))
  let unknown = try cli.run(["--lang", "de", "org", "list"])
  #expect(unknown.status == 2)
  #expect(unknown.stderr.contains("--lang 'de' is not a language EduCluster speaks: use one of uz, uz-Cyrl, ru, en"))
  let badEnv = try cli.run(["org", "list"], environment: ["EDUCLUSTER_LANG": "xx"])
  #expect(badEnv.status == 2)
}

@Test func theHTMLReportInUzbek() throws {
  let cli = try CLI()
  try cli.demo()
  let r = try cli.run(["--lang", "uz", "report", "--cluster", "CL-AN-MACH", "--format", "html", "--on", "2026-11-29"])
  #expect(r.status == 0, "\(r.stderr)")
  let html = r.stdout
  #expect(html.contains("<html lang=\"uz\">"))
  #expect(html.contains("<h1>Andijon mashinasozlik taʼlim klasteri</h1>"))
  #expect(html.contains("1. Bitiruvchilar va ish beruvchilar ehtiyoji"))
  #expect(html.contains("Payvandlash ishlab chiqarishi"))
  #expect(html.contains("3. Amaliyot oʻrinlariga taqsimlash"))
  #expect(!html.contains("Cluster report"))
}

@Test func aSearchThatFindsNothingOffersTheClosestNames() throws {
  let cli = try CLI()
  try cli.demo()
  let r = try cli.run(["search", "Namangn"])
  #expect(r.status == 0)
  #expect(r.stdout.hasPrefix("nothing found for 'Namangn'\ndid you mean:\n"))
  #expect(r.stdout.contains("NamECI  Namangan Engineering and Construction Institute"))
  // Across scripts and in the interface language: the Russian spelling, answered with labels.
  let ru = try cli.run(["--lang", "ru", "search", "Ташкенд"])
  #expect(ru.stdout.contains("по «Ташкенд» ничего не найдено") || ru.stdout.contains("ничего не найдено"))
  #expect(ru.stdout.contains("вы имели в виду"))
  #expect(ru.stdout.contains("Ташкентский государственный технический университет"))
}

@Test func theTextReportInRussian() throws {
  let cli = try CLI()
  try cli.demo()
  let r = try cli.run(["--lang", "ru", "report", "--cluster", "CL-AN-MACH", "--on", "2026-11-29"])
  #expect(r.status == 0, "\(r.stderr)")
  #expect(r.stdout.hasPrefix("Андижанский машиностроительный образовательный кластер [CL-AN-MACH] — отчёт кластера"))
  #expect(r.stdout.contains("1. Выпуск и потребность"))
  #expect(r.stdout.contains("Сварочное производство, UZ-AN: потребность 110"))
  #expect(r.stdout.contains("3. Распределение по местам практики"))
  // English stays as it was.
  let en = try cli.run(["report", "--cluster", "CL-AN-MACH", "--on", "2026-11-29"])
  #expect(en.stdout.contains("cluster report") && en.stdout.contains("Placement matching"))
}

@Test func theDemoSummaryInRussian() throws {
  let cli = try CLI()
  let r = try cli.run(["--lang", "ru", "demo"])
  #expect(r.status == 0, "\(r.stderr)")
  let out = r.stdout
  #expect(out.contains("(регионы: 15, организации: 50, кластеры: 3"), "\(out.prefix(300))")
  #expect(
    out.contains("■ Андижанский машиностроительный образовательный кластер [CL-AN-MACH] — регион UZ-AN, ядро AndMI"))
  #expect(out.contains("предприятие: 4") && out.contains("действует: 1"))
  #expect(out.contains("проекты     2; бюджеты (сум)"))
  #expect(out.contains("Сварочное производство"))  // the specialty's Russian label
  #expect(out.contains("дефицит") && out.contains("потребность"))
  #expect(out.contains("Дальше: `educluster org list`"))
  for english in ["projects", "budgets", "ledger transfers", "enterprise", "shortage", "Next:"] {
    #expect(!out.contains(english), "\(english) left in English")
  }
}

@Test func listingsSortByNameInTheLanguagesAlphabet() throws {
  let cli = try CLI()
  try cli.demo()
  func names(_ args: [String]) throws -> [String] {
    let r = try cli.run(args + ["--format", "csv"])
    #expect(r.status == 0, "\(r.stderr)")
    return r.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) }
  }
  // CSV keeps the codes; the order is what is checked. Uzbek Latin: … u, …, z, oʻ, gʻ, sh, ch —
  // so Toʻraqoʻrgʻon (T, oʻ) comes after Turaqo‘rg‘on (T, u), and Shahrixon after Uchqoʻrgʻon.
  let uz = try names(["--lang", "uz", "org", "list", "--sort", "name"])
  #expect(uz.count == 50)
  func position(_ code: String) -> Int { uz.firstIndex(of: code) ?? -1 }
  #expect(position("ENT-TURBUILD") < position("VC-TUR"))
  #expect(position("VC-UCH") < position("VC-SHA"))
  #expect(position("ENT-AGMK") > position("NamECI"))  // «Olmaliq KMK» AJ under O, after Namangan …
  #expect(uz.first == "TTI-AVL")  // Abdulla Avloniy nomidagi …
  // The page is cut from the sorted list.
  let page = try names(["--lang", "uz", "org", "list", "--sort", "name", "--offset", "2", "--limit", "3"])
  #expect(page == Array(uz[2..<5]))
  // Default: by code, as before.
  let byCode = try names(["org", "list"])
  #expect(byCode == byCode.sorted())
  let bad = try cli.run(["org", "list", "--sort", "size"])
  #expect(bad.status == 2)
}

@Test func importErrorsAndQualityFindingsSpeakTheLanguage() throws {
  let cli = try CLI()
  try cli.demo()
  let file = cli.dir.appendingPathComponent("orgs.csv").path
  try "code,name,kind,region\nX1,Foo,bogus,UZ-AN\n\"open,x\n".write(toFile: file, atomically: true, encoding: .utf8)
  let ru = try cli.run(["--lang", "ru", "import", file, "--type", "organizations"])
  #expect(ru.status == 1)
  #expect(ru.stderr.contains("orgs.csv:2:3: организация: «kind» не может быть «bogus»"), "\(ru.stderr)")
  #expect(ru.stderr.contains("orgs.csv:3:1: непарная кавычка"))
  #expect(ru.stderr.hasSuffix("educluster: импорт не удался: ошибок — 2; ничего не записано\n"), "\(ru.stderr)")
  let en = try cli.run(["import", file, "--type", "organizations"])
  #expect(en.status == 1)
  #expect(en.stderr.contains("orgs.csv:3:1: unbalanced quote"))
  // Findings: categories, kinds and messages in the language; CSV as the files write it.
  let quality = try cli.run(["--lang", "ru", "quality", "--on", "2026-11-29"])
  #expect(quality.stdout.contains("дубликат") && quality.stdout.contains("наборы не записаны"), "\(quality.stdout)")
  let csv = try cli.run(["--lang", "ru", "quality", "--on", "2026-11-29", "--format", "csv"])
  #expect(csv.stdout.contains("dangling,program,SCH-ANG-05-GS,no cohorts recorded"), "\(csv.stdout)")
}

@Test func helpSpeaksTheLanguageWhereTheParserAllows() throws {
  let cli = try CLI()
  let ru = try cli.run(["--lang", "ru", "--help"])
  #expect(ru.status == 0)
  #expect(
    ru.stdout.hasPrefix("OVERVIEW: EduCluster: реестр и аналитика образовательного кластера."),
    "\(ru.stdout.prefix(200))")
  #expect(ru.stdout.contains("Язык — --lang uz|uz-Cyrl|ru|en"))
  #expect(ru.stdout.contains("Полнотекстовый поиск по регионам"))
  let gap = try cli.run(["gap", "--help"], environment: ["EDUCLUSTER_LANG": "uz"])
  #expect(gap.stdout.contains("Faqat shu hudud, tumanlari bilan."))
  #expect(gap.stdout.contains("Maʼlumotlar bazasi: SQLite fayli"))  // --db, from the shared options
  #expect(gap.stdout.contains("Taqchillik chegarasi"))  // an analysis setting, as AppCore declares it
  // A usage error from the parser's own checks, in the language, still status 2.
  let limit = try cli.run(["--lang", "uz-Cyrl", "org", "list", "--limit=-1"])
  #expect(limit.status == 2)
  #expect(limit.stderr.contains("--limit 0 ёки ундан катта бўлиши керак"), "\(limit.stderr)")
  // English as before.
  let en = try cli.run(["--help"])
  #expect(en.stdout.contains("The language is --lang uz|uz-Cyrl|ru|en"))
}
