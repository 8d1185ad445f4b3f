/// The frame around every page: navigation, styles, and the few lines of script that refresh
/// `data-live` regions. No framework and no build step: the server sends finished HTML, and the
/// script only swaps in fragments the server rendered (and escaped) the same way.
enum Layout {
    static let sections: [(path: String, title: String)] = [
        ("/", "Overview"), ("/batches", "Batches"), ("/dead", "Dead letters"), ("/trajectories", "Trajectories"),
    ]

    static func page(title: String, active: String, signedIn: Bool, _ body: HTML) -> HTML {
        var html = HTML(raw: "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        html.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        html.element("title", title + " · Lumos console")
        html.raw("<style>\(style)</style></head><body><header><strong>Lumos console</strong><nav>")
        for section in sections {
            html.raw("<a href=\"\(section.path)\"\(section.path == active ? " class=\"on\"" : "")>")
            html.text(section.title)
            html.raw("</a>")
        }
        html.raw("</nav><span class=\"who\">\(signedIn ? "signed in: changes allowed" : "read-only: open the token link printed at start-up to make changes")</span></header><main>")
        html.append(body)
        html.raw("</main><script src=\"/console.js\"></script></body></html>")
        return html
    }

    /// A form that changes state: always POST; the token travels in the session cookie.
    static func postForm(action: String, fields: [(String, String)], button: String, confirm: String? = nil, extra: String = "") -> HTML {
        var html = HTML(raw: "<form method=\"post\" action=\"\(HTML.escape(action))\" class=\"inline\"")
        if let confirm { html.raw(" data-confirm=\"\(HTML.escape(confirm))\"") }
        html.raw(">")
        for (name, value) in fields {
            html.raw("<input type=\"hidden\" name=\"\(HTML.escape(name))\" value=\"\(HTML.escape(value))\">")
        }
        html.raw(extra)
        html.raw("<button type=\"submit\">\(HTML.escape(button))</button></form>")
        return html
    }

    static let style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
        header{display:flex;gap:1.5em;align-items:center;padding:.6em 1.2em;background:#1d2330;color:#fff}
        header nav a{color:#cfd6e4;margin-right:1em;text-decoration:none}header nav a.on{color:#fff;border-bottom:2px solid #7fb3ff}
        header .who{margin-left:auto;font-size:12px;color:#9aa6bd}
        main{padding:1em 1.2em;max-width:1200px}
        h1{font-size:20px;margin:.2em 0 .6em}h2{font-size:16px;margin:1.2em 0 .4em}
        table{border-collapse:collapse;background:#fff;width:100%;margin-bottom:1em}
        th,td{text-align:left;padding:.3em .6em;border-bottom:1px solid #e3e6ec;vertical-align:top}
        th{background:#eef1f5;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
        .cards{display:flex;gap:1em;flex-wrap:wrap}.card{background:#fff;border:1px solid #e3e6ec;padding:.6em 1em;border-radius:6px}
        .ok{color:#17803d}.bad{color:#b42318}.muted{color:#6b7385}
        pre{white-space:pre-wrap;word-break:break-word;background:#fff;border:1px solid #e3e6ec;padding:.5em;margin:.3em 0;font-size:12.5px}
        details{margin:.3em 0}summary{cursor:pointer}
        .subgoal{background:#fff;border-left:4px solid #7fb3ff;padding:.4em .8em;margin:.6em 0}
        .action{margin:.3em 0 .3em 1em;padding:.3em .6em;background:#fbfcfd;border:1px solid #e3e6ec}
        form.inline{display:inline}form.filters{display:flex;flex-wrap:wrap;gap:.5em;margin-bottom:1em}
        button{cursor:pointer}svg{background:#fff;border:1px solid #e3e6ec}
        .bar{background:#e3e6ec;height:8px;width:160px;display:inline-block;vertical-align:middle}
        .bar span{display:block;height:8px;background:#3b82f6}
        """

    /// Refreshes every `data-live` region from its URL every two seconds, without a reload, and
    /// asks before a destructive form is sent.
    static let script = """
        (function(){
          function refresh(){
            document.querySelectorAll('[data-live]').forEach(function(el){
              fetch(el.getAttribute('data-live'),{credentials:'same-origin'}).then(function(r){return r.ok?r.text():null})
                .then(function(t){if(t!==null){el.innerHTML=t;el.setAttribute('data-updated',String(Date.now()));}}).catch(function(){});
            });
          }
          if(document.querySelector('[data-live]')){setInterval(refresh,2000);}
          document.addEventListener('submit',function(e){
            var m=e.target.getAttribute('data-confirm');if(m&&!window.confirm(m)){e.preventDefault();}
          });
        })();
        """
}
