"""Menu crawler: clicks every menu item of the real Strider window in several document states,
and checks after each click that the app is still alive (no panic, no unexpected exit).

Run inside scripts/gui/run.sh (private D-Bus session with the accessibility bus, Xvfb):

    bash scripts/gui/run.sh crawler.py target/debug/strider [--out target/gui-crawl]
        [--states empty,saved,unsaved,imported,nodiagram] [--menus File,Edit,View,Diagram,Help]
        [--restart-each] [--wait 1.5]

For each document state, the app is started fresh and every menu is discovered by walking the
accessibility tree after opening it (submenus by hovering the items that open one). Then, for
each item: the menu path is opened and the item clicked once; after ~1.5 s, a window or modal
that appeared is closed with Escape (or its Cancel/Close/OK button, by name); the app must still
run with no "panicked" in its stderr. Quit may end the app: a clean exit (code 0, no panic) is a
success. The app is restarted after an item that changed the document, the view settings or the
window title/status bar (or for every item with --restart-each); otherwise the next item runs in
the same process.

Document states:
  empty      fresh start, no file
  saved      a copy of samples/connected-vehicle.ron opened by path, unchanged
  unsaved    the same, after typing " v2" into the Title field of the properties panel
  imported   the app started on a Threat Dragon file (STRIDER_IMPORT_FIXTURE, default: the
             repository's tests/fixtures/library-lending.td-v2.json)
  nodiagram  a model file with zero diagrams

Prints a table (menu item x state -> ok / CRASH / exited / EXITED / MISSING / ERROR) and the
number of clicks; exits 1 on any crash (panic, or an exit with a non-zero code or a signal) or
unexpected exit (code 0 after anything but Quit), 0 otherwise. In --out: failures/ (screenshots
with the menu open before the click and after it, and the app's stderr), logs/ (every run's
stderr), tree-STATE.txt (the accessibility tree at the start of each state), menus-STATE.json (the
menus found) and state-STATE.png.
"""

import argparse
import json
import os
import signal
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from driver import App, GuiError, clear_out_dir, menu_label  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SAMPLE = os.path.join(ROOT, "samples", "connected-vehicle.ron")
# The repository's own Threat Dragon fixture: always there, so the imported state never skips.
DEFAULT_IMPORT = os.path.join(ROOT, "tests", "fixtures", "library-lending.td-v2.json")

NO_DIAGRAM_RON = """(
    format: "strider-threat-model",
    version: 1,
    model: (
        info: (
            title: "No diagram",
        ),
    ),
)
"""

TOP_MENUS = ["File", "Edit", "View", "Diagram", "Help"]
CLICKABLE = ("push button", "check box", "radio button", "menu item", "check menu item",
             "radio menu item", "toggle button")
OVERLAY_ROLES = ("dialog", "frame", "window", "alert", "file chooser")
CLOSE_BUTTONS = ("Cancel", "Close (Esc)", "Close", "OK", "Close window")
# Enabled items after which the app is restarted even when the title, the status bar and the tabs
# look the same: they change the selection, the clipboard, the history or the view settings the
# next item would run with. Anything else restarts only when those change (a new document: New,
# Open recent, Open sample, Import; an edit; a save) or when what it opened could not be closed.
RESTART_AFTER = {  # rows as in the table (see Crawl.display)
    ("File", "Quit"),
    ("Edit", "Undo"), ("Edit", "Redo"), ("Edit", "Cut"), ("Edit", "Copy"), ("Edit", "Paste"),
    ("Edit", "Duplicate"), ("Edit", "Delete"), ("Edit", "Rename"), ("Edit", "Select all"),
    ("View", "Show grid"), ("View", "Snap to grid"), ("View", "Follow the system"),
    ("View", "Light"), ("View", "Dark"),
    ("Diagram", "New diagram"), ("Diagram", "Remove this diagram..."),
}

FAILURES = ("CRASH", "EXITED")


def say(*a):
    print(*a, flush=True)


# ----- document states ------------------------------------------------------------------------

class Crawl:
    def __init__(self, binary, out, wait, restart_each, menus):
        self.binary = binary
        self.out = out
        self.wait = wait
        self.restart_each = restart_each
        self.menus = menus
        self.work = tempfile.mkdtemp(prefix="strider-crawl-")
        self.recent_model = os.path.join(self.work, "recent", "recent-model.ron")
        os.makedirs(os.path.dirname(self.recent_model))
        shutil.copy(SAMPLE, self.recent_model)
        self.results = {}  # (state, path) -> (result, note)
        self.order = []  # item paths in discovery order
        self.clicks = 0
        self.starts = []
        self.app = None
        self.runs = 0
        self.disabled_clicks = 0
        self.menu_closes = {}
        self.self_test = None
        self.state_notes = []

    # --- launching a state ---

    def state_args(self, state):
        d = os.path.join(self.work, state)
        os.makedirs(d, exist_ok=True)
        if state == "empty":
            return []
        if state in ("saved", "unsaved"):
            path = os.path.join(d, "connected-vehicle.ron")
            shutil.copy(SAMPLE, path)  # fresh each start: Save in a previous run may change it
            return [path]
        if state == "imported":
            return [os.environ.get("STRIDER_IMPORT_FIXTURE", DEFAULT_IMPORT)]
        if state == "nodiagram":
            path = os.path.join(d, "no-diagram.ron")
            with open(path, "w") as f:
                f.write(NO_DIAGRAM_RON)
            return [path]
        raise ValueError(state)

    def launch(self, state):
        self.runs += 1
        state_dir = os.path.join(self.work, f"state-{self.runs}")
        os.makedirs(state_dir)
        with open(os.path.join(state_dir, "recent.txt"), "w") as f:
            f.write(self.recent_model + "\n")
        app = App(self.binary, self.state_args(state), out_dir=os.path.join(self.out, "logs"),
                  state_dir=state_dir, name=f"run-{self.runs:03d}-{state}")
        app.start()
        self.starts.append(app.start_seconds)
        self.setup(state, app)
        return app

    def setup(self, state, app):
        if state == "unsaved":
            title = app.find(role="entry", name="Title", timeout=8)
            app.click(title)
            app.key("End")
            app.type_text(" v2")
            app.click(app.find(role="entry", name="Owner"))  # focus moves on: the edit lands
            app.find(role="label", name="Unsaved changes", timeout=5)
        elif state == "imported":
            # The import report is a window the user keeps open or closes; close it so every
            # item starts from the same screen.
            if app.exists(role="frame", name="Import report", timeout=5):
                if self.runs_in_state == 0:
                    self.state_notes.append((state, "the Import report window opened at start; "
                                                    "closed before each item"))
                self.runs_in_state += 1
                app.key("Escape")
                if not app.wait_gone(role="frame", name="Import report", timeout=1.5):
                    app.click(app.find(role="push button", name="Close (Esc)"))
                    app.wait_gone(role="frame", name="Import report", timeout=2)
        app.close_menus()

    # --- what the screen says ---

    @staticmethod
    def overlays(app):
        """Windows and modals over the main window: (role, name) of the main frame's children."""
        res = set()
        for w in app.walk(extents=False):
            if w.depth == 2 and (w.role in OVERLAY_ROLES or "modal" in w.states):
                res.add((w.role, w.name))
        return res

    @staticmethod
    def overlay_titles(app, overlays):
        """How to call each overlay in the report: its name, else (egui's modals have none) its
        first label, the heading."""
        out = []
        ws = app.walk(extents=False)
        for role, name in sorted(overlays):
            if not name:
                first = [w.name for w in ws if w.role == "label" and len(w.path) >= 3
                         and w.path[2] == (role, name) and w.name]
                name = first[0] if first else ""
                out.append(f"{role} (no name) headed {name!r}")
            else:
                out.append(f"{role} {name!r}")
        return out

    @staticmethod
    def fingerprint(app):
        """What says the document or its view changed: the title, the saved/unsaved and
        selection labels of the status bar, and the diagram tabs."""
        ws = app.walk(extents=False)
        canvas = [w for w in ws if w.role == "canvas"]
        tabs = ()
        if canvas:
            trail = canvas[0].path
            tabs = tuple(w.name for w in ws if w.path == trail and w.role == "toggle button")
        status = []
        for w in ws:
            if w.role == "label" and w.name in ("Saved", "Not saved yet", "Unsaved changes"):
                status.append(w.name)
            if w.role == "label" and (w.name.endswith(" selected")):
                status.append(w.name)
        return (app.window_title(), tuple(status), tabs, len(canvas))

    # --- discovery ---

    def children(self, app, raw_parent):
        return [w for w in app.menu_items()
                if len(w.path) >= 2 and w.path[-1][0] == "menu" and w.path[-2][1] == raw_parent]

    def discover(self, app):
        """Every item of every top-level menu: [(path of labels, role, enabled)]."""
        found = []
        for top in self.menus:
            app.close_menus()
            try:
                button = app.menu_bar_button(top)
            except GuiError:
                say(f"    no {top} menu in this state")
                continue
            app.click(button)
            deadline = time.monotonic() + 3
            while not self.children(app, top) and time.monotonic() < deadline:
                time.sleep(0.15)
            self.explore(app, (top,), top, found)
        app.close_menus()
        return found

    def explore(self, app, prefix, raw_parent, found, depth=0):
        items = self.children(app, raw_parent)
        items.sort(key=lambda w: w.y)
        for it in items:
            path = prefix + (menu_label(it.name),)
            if it.role not in CLICKABLE:
                found.append((path, it.role, False))  # e.g. the View menu's "Theme" heading
                continue
            is_sub = False
            if it.role == "push button" and menu_label(it.name) == it.name and it.enabled \
                    and depth < 3:
                # Might open a submenu: hover it and see whether items appear under it.
                current = [w for w in self.children(app, raw_parent) if w.name == it.name]
                if current:
                    app.move(*current[0].center)
                deadline = time.monotonic() + 0.9
                while time.monotonic() < deadline:
                    if self.children(app, it.name):
                        is_sub = True
                        break
                    time.sleep(0.15)
            if is_sub:
                found.append((path, "submenu", True))
                self.explore(app, path, it.name, found, depth + 1)
            else:
                found.append((path, it.role, it.enabled))

    # --- one click ---

    def ensure_app(self, state):
        if self.app is not None and self.app.alive() and not self.app.panicked():
            return self.app
        if self.app is not None:
            self.app.stop()
        self.app = self.launch(state)
        return self.app

    def drop_app(self):
        if self.app is not None:
            self.app.stop()
        self.app = None

    def click_item(self, state, path):
        """Returns (result, note, needs_restart)."""
        app = self.ensure_app(state)
        before_fp = self.fingerprint(app)
        before_ov = self.overlays(app)
        slug = "--".join(p.replace("/", "_").replace(" ", "_").replace(".", "")
                         for p in (state,) + path)[:120]
        shot_before = os.path.join(self.out, "tmp-before.png")
        try:
            item = app.menu(*path, click_last=False)
        except GuiError as e:
            if not app.healthy():
                return self.failed(app, state, path, slug, "opening the menu"), "", True
            return "MISSING", str(e).split(";")[0], True
        app.screenshot(shot_before)
        disabled = not item.enabled
        app.click(item)
        self.clicks += 1
        if disabled:
            self.disabled_clicks += 1
        if self.self_test and " > ".join(path).startswith(self.self_test):
            # Harness self-test: end the app as a crash would, and expect a CRASH row.
            os.kill(app.pid, signal.SIGABRT)
        # Watch the app for a while: a panic can come a frame or two after the click.
        deadline = time.monotonic() + self.wait
        while time.monotonic() < deadline and app.alive():
            time.sleep(0.1)
        if not app.alive():
            if path[-1] == "Quit" or not app.panicked():
                app.wait_exit(3)
            code = app.returncode
            if code == 0 and not app.panicked():
                if path == ("File", "Quit"):
                    return "exited", "clean exit (code 0)", True
                self.keep_evidence(app, slug, shot_before)
                return "EXITED", "the app ended (code 0) on a click that should not end it", True
            return self.failed(app, state, path, slug, "click", shot_before), "", True
        if app.panicked():
            return self.failed(app, state, path, slug, "click", shot_before), "", True
        notes = ["disabled"] if disabled else []
        restart = self.restart_each
        try:
            new_ov = self.overlays(app) - before_ov
            if new_ov:
                names = ", ".join(self.overlay_titles(app, new_ov))
                how = self.close_overlays(app, before_ov)
                notes.append(f"{names} closed by {how}")
                if how == "nothing":
                    restart = True
            menus = app.close_menus()
            if menus in ("escape", "click"):
                self.menu_closes[menus] = self.menu_closes.get(menus, 0) + 1
            if menus == "stuck":
                notes.append("menu stayed open")
                restart = True
            elif menus == "click" and not disabled and path[-1] not in (
                    "Show grid", "Snap to grid", "Follow the system", "Light", "Dark"):
                notes.append("menu stayed open after the click")
            after_fp = self.fingerprint(app)
            if after_fp != before_fp:
                restart = True
                changed = [k for k, a, b in zip(("title", "status", "tabs", "canvas"),
                                                before_fp, after_fp) if a != b]
                notes.append("changed " + "+".join(changed))
        except GuiError:
            pass
        if not app.healthy():
            return self.failed(app, state, path, slug, "closing what the click opened",
                               shot_before), "", True
        if not app.alive():  # e.g. Quit confirmed by a prompt's default
            return "exited", "clean exit (code 0)", True
        if not disabled and self.display(path) in RESTART_AFTER:
            restart = True
        return "ok", "; ".join(notes), restart

    def close_overlays(self, app, before):
        """Closes new windows and modals: Escape first, then a Cancel/Close/OK button."""
        app.key("Escape")
        deadline = time.monotonic() + 1.2
        while time.monotonic() < deadline:
            if not (self.overlays(app) - before):
                return "Escape"
            time.sleep(0.15)
        for name in CLOSE_BUTTONS:
            new = self.overlays(app) - before
            if not new:
                break
            buttons = [w for w in app.find_all(role="push button", name=name)
                       if w.path and len(w.path) >= 3 and w.path[2] in new]
            if buttons:
                app.click(buttons[0])
                time.sleep(0.6)
                if not (self.overlays(app) - before):
                    return f"its {name!r} button (Escape did not)"
        return "nothing" if self.overlays(app) - before else "Escape (late)"

    def failed(self, app, state, path, slug, when, shot_before=None):
        if app is None:
            self.results_notes.append((state, path, when, "no app", slug))
            return "CRASH"
        self.keep_evidence(app, slug, shot_before)
        code = app.returncode
        msg = app.panic_message() or f"exit code {code}" + (
            f" (signal {signal.Signals(-code).name})" if code is not None and code < 0 else "")
        self.results_notes.append((state, path, when, msg, slug))
        return "CRASH"

    def keep_evidence(self, app, slug, shot_before):
        os.makedirs(os.path.join(self.out, "failures"), exist_ok=True)
        base = os.path.join(self.out, "failures", slug)
        if shot_before and os.path.exists(shot_before):
            shutil.copy(shot_before, base + "-before.png")
        app.screenshot(base + "-after.png")
        with open(base + ".log", "w") as f:
            f.write(app.stderr_text())

    # --- a whole state ---

    def run_state(self, state):
        t0 = time.monotonic()
        say(f"== state {state}")
        if state == "imported":
            fixture = os.environ.get("STRIDER_IMPORT_FIXTURE", DEFAULT_IMPORT)
            if not os.path.exists(fixture):
                say(f"   skipped: no Threat Dragon fixture at {fixture} "
                    "(set STRIDER_IMPORT_FIXTURE)")
                return None
        self.drop_app()
        self.runs_in_state = 0
        try:
            app = self.ensure_app(state)
        except GuiError as e:
            say(f"   could not set up the state: {e}")
            self.results[(state, ("(start-up)",))] = ("CRASH", str(e).splitlines()[0])
            return time.monotonic() - t0
        app.dump_tree(os.path.join(self.out, f"tree-{state}.txt"))
        app.screenshot(os.path.join(self.out, f"state-{state}.png"))
        items = self.discover(app)
        with open(os.path.join(self.out, f"menus-{state}.json"), "w") as f:
            json.dump([{"path": list(p), "role": r, "enabled": en} for p, r, en in items], f,
                      indent=1, ensure_ascii=False)
        leaves = [(p, r, en) for p, r, en in items if r != "submenu"]
        say(f"   {len(leaves)} menu items: " + ", ".join(
            " > ".join(p) + ("" if en or r not in CLICKABLE else " (disabled)")
            + (f" [{r}]" if r not in CLICKABLE else "") for p, r, en in leaves))
        self.discovered[state] = items
        for path, role, enabled in leaves:
            key = self.display(path)
            if key not in self.order:
                self.order.append(key)
            if role not in CLICKABLE:
                self.results[(state, key)] = ("-", f"{role}, not clickable")
                continue
            t1 = time.monotonic()
            try:
                result, note, restart = self.click_item(state, path)
            except GuiError as e:
                ok = self.app is not None and self.app.healthy()
                result = "ERROR" if ok else self.failed(self.app, state, path,
                                                        "--".join((state,) + path), "harness")
                note, restart = str(e).split(";")[0][:160], True
            dt = time.monotonic() - t1
            if key != path:
                note = "; ".join(x for x in (f"named {' > '.join(path[1:])!r}", note) if x)
            self.results[(state, key)] = (result, note)
            say(f"   {' > '.join(path):50s} {result:7s} {dt:4.1f}s {note}")
            if restart:
                self.drop_app()
        self.drop_app()
        return time.monotonic() - t0

    @staticmethod
    def display(path):
        """The item's row in the table: the recent file's full path differs per run (its name
        only), and Undo/Redo name what they undo ("Undo edit of the model's information")."""
        if path[:2] == ("File", "Open recent") and len(path) > 2:
            return path[:2] + (os.path.basename(path[2]),)
        if path[:1] == ("Edit",) and len(path) == 2:
            for word in ("Undo", "Redo"):
                if path[1].startswith(word + " "):
                    return ("Edit", word)
        return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "gui-crawl"))
    ap.add_argument("--states", default="empty,saved,unsaved,imported,nodiagram")
    ap.add_argument("--menus", default=",".join(TOP_MENUS))
    ap.add_argument("--restart-each", action="store_true",
                    help="start the app afresh for every item")
    ap.add_argument("--wait", type=float, default=1.5, help="seconds to watch after a click")
    ap.add_argument("--self-test-abort", metavar="ITEM",
                    help='harness check: SIGABRT the app right after clicking the items whose '
                         'path starts with ITEM (e.g. "File > Open sample"); the crawl must then '
                         'report CRASH there and exit 1')
    a = ap.parse_args()
    out = os.path.abspath(a.out)
    clear_out_dir(out)
    crawl = Crawl(a.binary, out, a.wait, a.restart_each, a.menus.split(","))
    crawl.results_notes = []
    crawl.discovered = {}
    crawl.self_test = a.self_test_abort
    states = a.states.split(",")
    t0 = time.monotonic()
    timings = {}
    try:
        for s in states:
            timings[s] = crawl.run_state(s)
    finally:
        crawl.drop_app()
        shutil.rmtree(crawl.work, ignore_errors=True)
    total = time.monotonic() - t0

    # ----- report -----
    ran = [s for s in states if timings.get(s) is not None]
    width = max([len(" > ".join(p)) for p in crawl.order] + [20])
    say("")
    say("menu item".ljust(width) + "  " + "  ".join(s.ljust(9) for s in ran))
    for key in crawl.order:
        cells = []
        for s in ran:
            r = crawl.results.get((s, key))
            cells.append((r[0] if r else "n/a").ljust(9))
        say(" > ".join(key).ljust(width) + "  " + "  ".join(cells))
    failures = [(s, k, r) for (s, k), r in crawl.results.items() if r[0] in FAILURES]
    others = [(s, k, r) for (s, k), r in crawl.results.items()
              if r[0] in ("ERROR", "MISSING")]
    say("")
    say(f"clicked {crawl.clicks} (menu item, state) pairs ({crawl.disabled_clicks} of them on "
        f"disabled items) in {len(ran)} states ({', '.join(ran)}); {len(failures)} crashes or "
        f"unexpected exits; {len(others)} harness errors or missing items")
    if crawl.menu_closes:
        say("menus left open after a click were closed by: " + ", ".join(
            f"{k} {v}x" for k, v in sorted(crawl.menu_closes.items()))
            + ("  (Escape never closed a menu)" if "escape" not in crawl.menu_closes else ""))
    for s, n in crawl.state_notes:
        say(f"[{s}] {n}")
    say("time: " + ", ".join(f"{s} {timings[s]:.0f}s" for s in ran) + f"; total {total:.0f}s; "
        f"{len(crawl.starts)} app starts, "
        f"{sum(crawl.starts) / max(1, len(crawl.starts)):.1f}s each on average")
    if crawl.results_notes:
        say("")
        say("crashes:")
        for state, path, when, msg, slug in crawl.results_notes:
            say(f"  [{state}] {' > '.join(path)} ({when}): {msg}")
            say(f"      evidence: {os.path.join(out, 'failures', slug)}-*.png, .log")
    notes = [(s, k, r[1]) for (s, k), r in crawl.results.items()
             if r[1] and r[0] not in FAILURES]
    if notes:
        say("")
        say("notes:")
        for s, k, n in notes:
            say(f"  [{s}] {' > '.join(k)}: {n}")
    for f in ("tmp-before.png",):
        p = os.path.join(out, f)
        if os.path.exists(p):
            os.remove(p)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
