// CNCurses: ncursesw (wide-character curses) for Swift. Only TerminalNCurses imports it.
//
// Function-like macros (getmaxyx, COLOR_PAIR, A_BOLD …) and C globals (stdscr, stdin) do not
// import into Swift or are not concurrency-safe there, so the small wrappers below expose
// what TerminalNCurses needs as plain functions.
#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <langinfo.h>
#include <signal.h>
#include <locale.h>
#include <ncursesw/curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

/// The standard screen window.
static inline WINDOW *cn_stdscr(void) { return stdscr; }

/// A new terminal on the process's standard output and input (NULL on failure; never exits).
static inline SCREEN *cn_newterm(void) { return newterm(NULL, stdout, stdin); }

static inline int cn_rows(void) {
  int y, x;
  getmaxyx(stdscr, y, x);
  (void)x;
  return y;
}

static inline int cn_cols(void) {
  int y, x;
  getmaxyx(stdscr, y, x);
  (void)y;
  return x;
}

static inline int cn_colors(void) { return COLORS; }

static inline int cn_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline int cn_a_normal(void) { return (int)A_NORMAL; }
static inline int cn_a_bold(void) { return (int)A_BOLD; }
static inline int cn_a_reverse(void) { return (int)A_REVERSE; }
static inline int cn_a_underline(void) { return (int)A_UNDERLINE; }
static inline int cn_a_dim(void) { return (int)A_DIM; }

/// Sets the attributes of the standard screen (bits from the functions above, or'ed).
static inline void cn_attrset(int attributes) { (void)attrset(attributes); }

/// Column width of one wide character in the current locale (-1: not printable).
static inline int cn_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }

/// Whether the locale's character set is UTF-8.
static inline int cn_locale_is_utf8(void) {
  const char *set = nl_langinfo(CODESET);
  return set != NULL && (strcmp(set, "UTF-8") == 0 || strcmp(set, "utf8") == 0);
}

/// Writes a zero-terminated wide string at (y, x) of the standard screen.
static inline int cn_put(int y, int x, const wchar_t *text) { return mvaddwstr(y, x, text); }

/// Reads one key: returns KEY_CODE_YES for a function key, OK for a character, ERR otherwise.
static inline int cn_get_wch(unsigned int *out) {
  wint_t c = 0;
  int r = get_wch(&c);
  *out = (unsigned int)c;
  return r;
}

/// Restores the terminal when a signal ends the process: SIGINT, SIGTERM, SIGHUP and SIGQUIT exit
/// with 128 + the signal; crash signals (SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGFPE, SIGTRAP) go on
/// to the handler that was there before (the Swift runtime's backtracer, or the default).
static inline struct sigaction *cn_previous_action(int sig) {
  static struct sigaction saved[NSIG];
  return &saved[sig];
}

static inline void cn_signal_handler(int sig) {
  endwin();
  if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP || sig == SIGQUIT) {
    _exit(128 + sig);
  }
  sigaction(sig, cn_previous_action(sig), NULL);
  raise(sig);
}

static inline void cn_install_signal_handlers(void) {
  int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGFPE, SIGTRAP};
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = cn_signal_handler;
  sigemptyset(&action.sa_mask);
  sigset_t unblock;
  sigemptyset(&unblock);
  for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
    sigaction(signals[i], &action, cn_previous_action(signals[i]));
    sigaddset(&unblock, signals[i]);
  }
  // A parent may hand down a mask that blocks them (and SIGWINCH, which curses needs for
  // resizes): unblock what the TUI relies on.
  sigaddset(&unblock, SIGWINCH);
  sigprocmask(SIG_UNBLOCK, &unblock, NULL);
}

#endif
