/// The app's one style sheet, served from the binary at /style.css (no CDN, no font to fetch).
/// Readable at 390 px: one column, nothing wider than the screen, large touch targets;
/// contrast at least 4.5:1 (WCAG 2.1 AA) for every text colour on its background.
enum WebStyle {
    static let css = """
    *, *::before, *::after { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 1rem;
           line-height: 1.5; color: #1b1b1b; background: #fff; overflow-wrap: anywhere; }
    a { color: #0b4f9c; }
    a:focus, button:focus, input:focus, textarea:focus { outline: 3px solid #b35c00; outline-offset: 2px; }
    .skip { position: absolute; left: -999px; }
    .skip:focus { left: 0.5rem; top: 0.5rem; background: #fff; padding: 0.5rem; z-index: 1; }
    header { background: #12355b; color: #fff; padding: 0.5rem 1rem; display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center; }
    header .brand { margin: 0; font-weight: bold; font-size: 1.2rem; }
    header ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
    header a { color: #fff; display: inline-block; padding: 0.5rem 0.25rem; }
    header a[aria-current="page"] { font-weight: bold; text-decoration-thickness: 3px; }
    main { max-width: 50rem; margin: 0 auto; padding: 1rem; }
    h1 { font-size: 1.5rem; line-height: 1.25; }
    h2 { font-size: 1.25rem; }
    h3 { font-size: 1.1rem; margin-top: 0; }
    .cards { list-style: none; padding: 0; }
    .card, .milestone { border: 1px solid #8a8a8a; border-radius: 6px; padding: 1rem; margin: 0 0 1rem; }
    .late { border-left: 6px solid #a4262c; }
    .card > :last-child, .milestone > :last-child { margin-bottom: 0; }
    .card h2 { margin-top: 0; font-size: 1.1rem; }
    dl { display: grid; grid-template-columns: minmax(7rem, max-content) 1fr; gap: 0.25rem 1rem; margin: 0 0 1rem; }
    dt { font-weight: bold; }
    dd { margin: 0; min-width: 0; }
    pre { white-space: pre-wrap; margin: 0; font-family: inherit; }
    fieldset { border: 1px solid #8a8a8a; border-radius: 6px; margin: 0 0 1rem; padding: 0.5rem 1rem; min-width: 0; }
    legend { font-weight: bold; padding: 0 0.25rem; }
    .choice { display: grid; grid-template-columns: 1.75rem 1fr; align-items: start; margin: 0.25rem 0; }
    .choice input { width: 1.25rem; height: 1.25rem; margin: 0.2rem 0 0; }
    .choice label { font-weight: bold; }
    .choice .hint { grid-column: 2; margin: 0; }
    .field { margin: 0 0 1rem; }
    .field label { display: block; font-weight: bold; }
    .hint, .quiet { color: #4a4a4a; font-size: 0.95rem; margin: 0 0 0.25rem; }
    input[type="text"], textarea { font: inherit; width: 100%; max-width: 100%; padding: 0.5rem; border: 1px solid #5a5a5a; border-radius: 4px; }
    input[type="text"] { max-width: 12rem; }
    input[type="url"], select { font: inherit; width: 100%; max-width: 30rem; padding: 0.5rem; border: 1px solid #5a5a5a; border-radius: 4px; background: #fff; }
    input[type="file"] { font: inherit; max-width: 100%; }
    form.evidence input[type="text"] { max-width: 30rem; }
    input#org-name { max-width: 30rem; }
    [aria-invalid="true"] { border: 2px solid #a4262c; }
    .error { color: #a4262c; font-weight: bold; margin: 0 0 0.25rem; }
    button { font: inherit; font-weight: bold; color: #fff; background: #0b4f9c; border: 0; border-radius: 4px;
             padding: 0.75rem 1.25rem; min-height: 44px; cursor: pointer; }
    button:hover { background: #083a73; }
    .notice { background: #e7f3e8; border-left: 6px solid #1e6b2a; padding: 0.75rem 1rem; }
    .problems, .unsaved { background: #fdecea; border-left: 6px solid #a4262c; padding: 0.75rem 1rem; margin: 0 0 1rem; }
    .unsaved { background: #fff4e0; border-left-color: #8a5300; }
    .stale { background: #fff4e0; border-left: 4px solid #8a5300; color: #3d2600; padding: 0.25rem 0.5rem; margin: 0 0 0.25rem; }
    form.evidence-title { margin: 0.25rem 0 0.75rem; }
    form.evidence-title input[type="text"] { max-width: 30rem; }
    .sides { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 1rem; margin: 0 0 1rem; }
    .side { border: 1px solid #8a8a8a; border-radius: 6px; padding: 0.5rem 1rem; }
    .side h3 { margin: 0 0 0.25rem; }
    form.settle { margin: 0 0 1rem; }
    nav.pages ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 0.5rem; }
    nav.pages a { display: inline-block; min-width: 44px; min-height: 44px; padding: 0.6rem 0.5rem; text-align: center; }
    nav.pages a[aria-current="page"] { font-weight: bold; text-decoration: none; border: 2px solid #0b4f9c; border-radius: 4px; }
    nav.pages li:not(:has(a)) { padding: 0.6rem 0; }
    @media (max-width: 30rem) { dl { grid-template-columns: 1fr; } dd { margin-bottom: 0.5rem; } }
    """
}
