import Foundation

/// Twenty short grade-school word problems in GSM8K's format (a rationale ending in `#### n`),
/// written for this project: `lumos-submit demo --sample`, a quick run that is not GSM8K.
enum DemoSample {
    static let problems: [(question: String, answer: String)] = [
        ("Mia has 12 apples. She gives 5 to her brother and buys 8 more. How many apples does she have now?", "12 - 5 = 7. 7 + 8 = 15.\n#### 15"),
        ("A box holds 6 pencils. How many pencils are in 7 boxes?", "6 * 7 = 42.\n#### 42"),
        ("Tom reads 15 pages a day. How many pages does he read in 2 weeks?", "2 weeks is 14 days. 15 * 14 = 210.\n#### 210"),
        ("A baker made 96 cookies and packed them in bags of 8. How many bags did he fill?", "96 / 8 = 12.\n#### 12"),
        ("Sara earns $11 an hour and works 6 hours. She spends $20 on lunch. How much money does she have left?", "11 * 6 = 66. 66 - 20 = 46.\n#### 46"),
        ("A train travels 60 miles per hour for 3 hours and then 40 miles per hour for 2 hours. How far does it travel?", "60 * 3 = 180. 40 * 2 = 80. 180 + 80 = 260.\n#### 260"),
        ("There are 30 students in a class. Two fifths of them walk to school. How many students walk to school?", "30 * 2 / 5 = 12.\n#### 12"),
        ("A shirt costs $25 and is on sale for 20% off. What is the sale price in dollars?", "25 * 0.2 = 5. 25 - 5 = 20.\n#### 20"),
        ("Leo has 3 times as many marbles as Ana. Ana has 14 marbles. How many marbles do they have together?", "14 * 3 = 42. 42 + 14 = 56.\n#### 56"),
        ("A garden has 8 rows of tomato plants with 9 plants in each row. 10 plants died. How many plants are left?", "8 * 9 = 72. 72 - 10 = 62.\n#### 62"),
        ("Jake buys 4 notebooks at $3 each and 2 pens at $2 each. How much does he spend?", "4 * 3 = 12. 2 * 2 = 4. 12 + 4 = 16.\n#### 16"),
        ("A tank holds 500 liters of water. 125 liters are used each day. How many days does the water last?", "500 / 125 = 4.\n#### 4"),
        ("Emma is 9 years old. Her mother is 4 times as old. How old will her mother be in 5 years?", "9 * 4 = 36. 36 + 5 = 41.\n#### 41"),
        ("A farmer has 45 chickens and 18 cows. How many legs do the animals have in total?", "45 * 2 = 90. 18 * 4 = 72. 90 + 72 = 162.\n#### 162"),
        ("A movie starts at 7:15 pm and lasts 135 minutes. How many minutes after 9:00 pm does it end?", "7:15 pm plus 135 minutes is 9:30 pm, which is 30 minutes after 9:00 pm.\n#### 30"),
        ("Nina saves $15 every week. How many weeks does she need to save $180?", "180 / 15 = 12.\n#### 12"),
        ("A pizza is cut into 12 slices. Four friends each eat 2 slices. How many slices are left?", "4 * 2 = 8. 12 - 8 = 4.\n#### 4"),
        ("A school bus carries 48 students. 3 buses are full and a fourth carries 20 students. How many students ride the buses?", "48 * 3 = 144. 144 + 20 = 164.\n#### 164"),
        ("Paul ran 5 kilometers on Monday, twice as far on Tuesday, and 3 kilometers less than Tuesday on Wednesday. How many kilometers did he run in total?", "5 * 2 = 10. 10 - 3 = 7. 5 + 10 + 7 = 22.\n#### 22"),
        ("A store had 250 bottles of juice. It sold 40% of them. How many bottles are left?", "250 * 0.4 = 100. 250 - 100 = 150.\n#### 150"),
    ]

    /// The problems as GSM8K JSONL.
    static func jsonl() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try problems.map { problem in
            String(decoding: try encoder.encode(["question": problem.question, "answer": problem.answer]), as: UTF8.self)
        }.joined(separator: "\n") + "\n"
    }
}
