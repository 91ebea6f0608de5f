"""What analysts and councils take away: the coded answers in their tools (`export` says what each column means,
`export_batches` reads them a column at a time, `read_ahead` reads the next batch meanwhile, `export_files` and
`xlsx_workbook` write the formats, `codebook`), the termly report (`termly`, `charts`, `termly_page`), the analysts'
page (`analysts_desk`), the framework's indicators (`indicators`), and invitation links in each family's language
(`invitations`).

May import: `bot.settings`, `bot.vocabulary`, `bot.surveys`, `bot.understanding` (a language named in a list),
`bot.translation`, `bot.store`, `bot.accounts` (the analysts' page).
"""
