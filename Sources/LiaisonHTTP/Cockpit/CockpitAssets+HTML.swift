/// The cockpit's files, served as they are written here: plain HTML, CSS and JavaScript with no
/// build step and no third-party code (charts are inline SVG drawn by the script).
///
/// Kept as Swift string literals rather than SwiftPM resources so that the single `liaison`
/// binary (the container image copies nothing else) always carries the page it serves.
enum CockpitAssets {
    /// The page (`GET /cockpit`).
    static let html = #"""
    <!doctype html>
    <html lang="zh-CN">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>协作驾驶舱 · Liaison</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="/cockpit/cockpit.css">
    </head>
    <body data-rendered="0" data-live="0">
    <header>
      <h1 data-i18n="title">协作驾驶舱</h1>
      <span id="status" class="muted"></span>
      <button id="lang" type="button">English</button>
    </header>
    <pre id="errors" hidden></pre>
    <main id="overview">
      <section>
        <h2><span data-i18n="league">部门协作排行</span>
          <select id="period">
            <option value="total" data-i18n="periodTotal">累计</option><option value="today" data-i18n="periodToday">今日</option>
            <option value="week" data-i18n="periodWeek">本周</option><option value="month" data-i18n="periodMonth">本月</option>
            <option value="rolling30" data-i18n="periodRolling">近 30 天</option>
          </select></h2>
        <p class="muted" data-i18n="leagueNote">按准时率排序；准时率 = 按时办结 ÷ (已办结 + 当前超期未办结)</p>
        <table id="league"><thead><tr>
          <th data-i18n="unit">单位</th><th data-i18n="onTime">准时率</th><th data-i18n="overdueNow">当前超期</th>
          <th data-i18n="medianResponse">签收用时中位数 (小时)</th><th data-i18n="escalations">督办</th>
          <th data-i18n="declines">退回 (推诿)</th><th data-i18n="rating">互评</th>
        </tr></thead><tbody></tbody></table>
      </section>
      <section>
        <h2 data-i18n="overdue">超期事项</h2>
        <table id="overdue"><thead><tr>
          <th data-i18n="case">案件</th><th data-i18n="unit">单位</th><th data-i18n="stage">环节</th>
          <th data-i18n="over">超期</th><th data-i18n="level">督办级别</th>
        </tr></thead><tbody></tbody></table>
        <p id="overdueMore" class="muted"></p>
      </section>
      <section>
        <h2 data-i18n="workflows">事项流程</h2>
        <table id="workflows"><thead><tr>
          <th data-i18n="workflow">流程</th><th data-i18n="casesOpen">在办</th><th data-i18n="casesClosed">办结</th>
          <th data-i18n="onTime">准时率</th><th data-i18n="medianCompletion">办结用时中位数 (小时)</th>
          <th data-i18n="timeGoes">耗时最多的环节</th>
        </tr></thead><tbody></tbody></table>
      </section>
      <section>
        <h2 data-i18n="trend">每日趋势（近 30 天）</h2>
        <p class="muted" data-i18n="trendNote">每日办结数：绿色按时，红色超时；折线为督办次数</p>
        <div id="trend"></div>
      </section>
      <section>
        <h2 data-i18n="declineMap">推诿图</h2>
        <div id="declineMap"></div>
      </section>
    </main>
    <main id="casePage" hidden>
      <p><a href="#" data-i18n="back">← 返回驾驶舱</a></p>
      <h2 id="caseTitle"></h2>
      <div id="caseSummary"></div>
      <h3 data-i18n="tasks">任务</h3>
      <table id="caseTasks"><thead><tr>
        <th data-i18n="unit">单位</th><th data-i18n="state">状态</th><th data-i18n="acceptBy">签收期限</th><th data-i18n="completeBy">办结期限</th>
      </tr></thead><tbody></tbody></table>
      <h3 data-i18n="timeline">全程记录</h3>
      <ol id="timeline"></ol>
    </main>
    <footer class="muted"><span data-i18n="source">数据：liaison.metrics 最新快照与当前案件状态</span> · <span id="at"></span></footer>
    <script src="/cockpit/cockpit.js"></script>
    </body>
    </html>
    """#

    /// The login form shown instead of the page when a token is configured and not presented.
    static func login(failed: Bool) -> String {
        let message = failed ? #"<p class="error">令牌不正确 · Wrong token</p>"# : ""
        return #"""
        <!doctype html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>登录 · Liaison</title><link rel="icon" href="data:,">
        <link rel="stylesheet" href="/cockpit/cockpit.css"></head>
        <body><main class="login"><h1>协作驾驶舱 · Cockpit</h1>
        """# + message + #"""
        <form method="post" action="/cockpit/login">
        <label>管理令牌 · Admin token <input type="password" name="token" autocomplete="current-password" autofocus></label>
        <button type="submit">登录 · Log in</button></form></main></body></html>
        """#
    }
}
