extension CockpitAssets {
    /// The style sheet (`GET /cockpit/cockpit.css`).
    static let style = #"""
    :root { --fg: #1d2433; --muted: #6b7385; --line: #dfe3ea; --bad: #c0392b; --good: #1e8449; --accent: #b03a2e; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 14px/1.5 "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; color: var(--fg); background: #f6f7f9; }
    header { display: flex; align-items: center; gap: 1rem; padding: .6rem 1.2rem; background: var(--accent); color: #fff; }
    header h1 { font-size: 1.3rem; margin: 0; flex: 0 0 auto; }
    header .muted { color: #f3d9d6; flex: 1; }
    header button { background: #fff; color: var(--accent); border: 0; border-radius: 4px; padding: .3rem .8rem; cursor: pointer; }
    main { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 1rem; padding: 1rem 1.2rem; }
    main[hidden] { display: none; }
    #casePage { display: block; }
    #casePage[hidden] { display: none; }
    section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .8rem 1rem; }
    h2 { font-size: 1.05rem; margin: 0 0 .4rem; }
    table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
    th, td { text-align: left; padding: .3rem .4rem; border-bottom: 1px solid var(--line); }
    th { color: var(--muted); font-weight: 600; }
    td.num { text-align: right; }
    .bad { color: var(--bad); font-weight: 600; }
    .good { color: var(--good); }
    .muted { color: var(--muted); }
    h2 select { margin-left: .8rem; font-size: .85rem; }
    #trend svg { width: 100%; height: auto; }
    .bar { display: inline-block; height: .6rem; background: var(--accent); vertical-align: middle; margin-right: .3rem; border-radius: 2px; }
    #errors { background: #fdecea; color: var(--bad); padding: .6rem 1.2rem; margin: 0; white-space: pre-wrap; }
    #timeline li { margin: .2rem 0; }
    footer { padding: .4rem 1.2rem 1rem; }
    .login { display: block; max-width: 26rem; margin: 4rem auto; background: #fff; padding: 1.5rem; border-radius: 6px; border: 1px solid var(--line); }
    .login input { display: block; width: 100%; margin: .4rem 0 1rem; padding: .4rem; }
    .error { color: var(--bad); }
    """#
}
