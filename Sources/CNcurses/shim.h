// What Swift cannot import from ncurses directly.
// SwiftPM drops pkg-config's -D_XOPEN_SOURCE, so ask for the wide API here.
#ifndef TANDEM_CNCURSES_SHIM_H
#define TANDEM_CNCURSES_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <langinfo.h>
#include <ncursesw/ncurses.h>

// Globals and macros that Swift 6 cannot import.
static inline WINDOW *tandem_stdscr(void) { return stdscr; }
static inline int tandem_screen_height(void) { return getmaxy(stdscr); }
static inline int tandem_screen_width(void) { return getmaxx(stdscr); }
static inline attr_t tandem_attr_bold(void) { return A_BOLD; }
static inline attr_t tandem_attr_reverse(void) { return A_REVERSE; }
static inline attr_t tandem_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t tandem_attr_dim(void) { return A_DIM; }
static inline int tandem_key_resize(void) { return KEY_RESIZE; }
static inline int tandem_key_code_yes(void) { return KEY_CODE_YES; }
static inline int tandem_colours(void) { return COLORS; }

// newterm on the process's own terminal; NULL if the terminal type is unusable.
// A parent may have left SIGWINCH ignored or blocked; ncurses only watches
// for resizes when it is neither, so put it back first.
static inline SCREEN *tandem_newterm(void) {
    sigset_t resize;
    sigemptyset(&resize);
    sigaddset(&resize, SIGWINCH);
    sigprocmask(SIG_UNBLOCK, &resize, NULL);
    signal(SIGWINCH, SIG_DFL);
    return newterm(NULL, stdout, stdin);
}

// The mouse: clicks, double clicks and the wheel, without reporting every move.
static inline int tandem_key_mouse(void) { return KEY_MOUSE; }
static inline void tandem_mouse_enable(void) {
    mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(300);
}
// The last mouse event: 1 click, 2 double click, 3 wheel up, 4 wheel down, 0 anything else; -1 if none.
static inline int tandem_read_mouse(int *x, int *y) {
    MEVENT event;
    if (getmouse(&event) != OK) return -1;
    *x = event.x;
    *y = event.y;
    if (event.bstate & BUTTON1_DOUBLE_CLICKED) return 2;
    if (event.bstate & BUTTON1_CLICKED) return 1;
    if (event.bstate & BUTTON4_PRESSED) return 3;
    if (event.bstate & BUTTON5_PRESSED) return 4;
    return 0;
}

// Sets the locale from the environment; falls back to C.UTF-8 when the
// environment's code set is not UTF-8. Returns 1 when UTF-8 is in force.
static inline int tandem_setlocale_utf8(void) {
    setlocale(LC_ALL, "");
    const char *codeset = nl_langinfo(CODESET);
    if (codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0)) return 1;
    if (setlocale(LC_ALL, "C.UTF-8") != NULL) return 1;
    return 0;
}

// Paints one cell: a base character plus up to four zero-width combining marks.
static inline int tandem_put_cell(int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cell);
}

// Signals: the handlers only record what arrived; the main loop (which polls
// for keys with a short timeout) restores the terminal and exits.
static volatile sig_atomic_t tandem_pending_signal = 0;

static void tandem_record_signal(int sig) { tandem_pending_signal = sig; }

// On a crash the process is already broken: restore the terminal as best we
// can, then let the default action (core dump, exit status) happen.
static void tandem_crash_signal(int sig) {
    endwin();
    signal(sig, SIG_DFL);
    raise(sig);
}

static inline void tandem_install_signal_handlers(void) {
    sigset_t wanted;
    sigemptyset(&wanted);
    sigaddset(&wanted, SIGTERM);
    sigaddset(&wanted, SIGHUP);
    sigaddset(&wanted, SIGINT);
    sigprocmask(SIG_UNBLOCK, &wanted, NULL);

    struct sigaction quit_action;
    memset(&quit_action, 0, sizeof quit_action);
    quit_action.sa_handler = tandem_record_signal;
    sigemptyset(&quit_action.sa_mask);
    sigaction(SIGTERM, &quit_action, NULL);
    sigaction(SIGHUP, &quit_action, NULL);
    sigaction(SIGINT, &quit_action, NULL);

    struct sigaction crash_action;
    memset(&crash_action, 0, sizeof crash_action);
    crash_action.sa_handler = tandem_crash_signal;
    crash_action.sa_flags = SA_RESETHAND;
    sigemptyset(&crash_action.sa_mask);
    sigaction(SIGSEGV, &crash_action, NULL);
    sigaction(SIGBUS, &crash_action, NULL);
    sigaction(SIGILL, &crash_action, NULL);
    sigaction(SIGTRAP, &crash_action, NULL);
    sigaction(SIGFPE, &crash_action, NULL);
    sigaction(SIGABRT, &crash_action, NULL);
}

static inline int tandem_take_pending_signal(void) {
    int sig = tandem_pending_signal;
    tandem_pending_signal = 0;
    return sig;
}

#endif
