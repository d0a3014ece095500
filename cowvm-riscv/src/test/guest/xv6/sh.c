/*
 * sh: a small shell for xv6's system-call interface.
 *
 *   sh            read commands from standard input; prompt "$ " on stderr
 *                 when standard input is a device (the console)
 *   sh FILE       read commands from FILE, without prompts
 *
 * A line is a list of pipelines separated by ';' (run in turn) or '&' (run in
 * the background; its pid is printed on stderr). A pipeline is commands joined
 * by '|'. A command is words with redirections: '< FILE', '> FILE' (create or
 * truncate), '>> FILE' (append: xv6 has no O_APPEND or lseek, so the file is
 * read to its end before writing). Quotes ('...' or "...") keep blanks and
 * special characters in a word; '#' starts a comment. Built in: cd DIR, exit
 * [STATUS]. A command name without '/' is tried as given, then in '/'.
 *
 * At end of input sh exits 0, or 2 if there was no input at all (init uses
 * that to tell that nobody is left to type).
 */
#include "xv6.h"

#define MAXLINE 512
#define MAXCMDS 16
#define MAXWORDS 31 /* per command; xv6's exec takes at most 32 */

enum link { L_END, L_PIPE, L_SEQ, L_BACK };

struct command {
  char *argv[MAXWORDS + 1];
  int argc;
  char *in, *out;
  int append;
  enum link link; /* how this command connects to the next */
};

enum token { T_WORD, T_PIPE, T_IN, T_OUT, T_APPEND, T_SEQ, T_BACK, T_NONE, T_ERROR };

static char line[MAXLINE];
static char words[2 * MAXLINE]; /* unquoted words, each NUL-terminated */
static struct command cmds[MAXCMDS];
static int ncmds;

static const char *scan_at;  /* tokenizer position in line */
static char *word_end;       /* next free byte of words */
static char *token_word;     /* the word of the last T_WORD */

static int is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v';
}

static int is_special(char c) {
  return c == '|' || c == '<' || c == '>' || c == ';' || c == '&';
}

static enum token next_token(void) {
  const char *p = scan_at;
  while (is_blank(*p))
    p++;
  if (*p == '\0' || *p == '#') {
    scan_at = p;
    return T_NONE;
  }
  enum token t = T_WORD;
  switch (*p) {
  case '|': t = T_PIPE; break;
  case '<': t = T_IN; break;
  case ';': t = T_SEQ; break;
  case '&': t = T_BACK; break;
  case '>':
    t = T_OUT;
    if (p[1] == '>') {
      t = T_APPEND;
      p++;
    }
    break;
  }
  if (t != T_WORD) {
    scan_at = p + 1;
    return t;
  }
  /* A word: runs of plain characters and quoted strings, glued together. */
  token_word = word_end;
  while (*p != '\0' && !is_blank(*p) && !is_special(*p)) {
    if (*p == '\'' || *p == '"') {
      char quote = *p++;
      while (*p != '\0' && *p != quote)
        *word_end++ = *p++;
      if (*p != quote) {
        fprintf(2, "sh: missing %c\n", quote);
        return T_ERROR;
      }
      p++;
    } else {
      *word_end++ = *p++;
    }
  }
  *word_end++ = '\0';
  scan_at = p;
  return T_WORD;
}

/* Fills cmds from line. Returns 0, or -1 after printing why the line is wrong. */
static int parse(void) {
  scan_at = line;
  word_end = words;
  ncmds = 0;
  struct command *c = &cmds[0];
  memset(c, 0, sizeof(*c));
  for (;;) {
    enum token t = next_token();
    switch (t) {
    case T_ERROR:
      return -1;
    case T_WORD:
      if (c->argc == MAXWORDS) {
        fprintf(2, "sh: too many arguments\n");
        return -1;
      }
      c->argv[c->argc++] = token_word;
      break;
    case T_IN:
    case T_OUT:
    case T_APPEND:
      if (next_token() != T_WORD) {
        fprintf(2, "sh: a redirection needs a file name\n");
        return -1;
      }
      if (t == T_IN) {
        c->in = token_word;
      } else {
        c->out = token_word;
        c->append = t == T_APPEND;
      }
      break;
    case T_PIPE:
    case T_SEQ:
    case T_BACK:
    case T_NONE:
      if (c->argc == 0) {
        if (c->in != NULL || c->out != NULL) {
          fprintf(2, "sh: a redirection without a command\n");
          return -1;
        }
        /* Nothing here: fine at the end of the line (after ';' or '&' or
         * on an empty line); anywhere else the line is malformed. */
        int after_pipe = ncmds > 0 && cmds[ncmds - 1].link == L_PIPE;
        if (t == T_NONE && !after_pipe)
          return 0;
        fprintf(2, "sh: syntax error: a command is missing\n");
        return -1;
      }
      c->link = t == T_PIPE ? L_PIPE : t == T_SEQ ? L_SEQ : t == T_BACK ? L_BACK : L_END;
      ncmds++;
      if (t == T_NONE)
        return 0;
      if (ncmds == MAXCMDS) {
        fprintf(2, "sh: too many commands on one line\n");
        return -1;
      }
      c = &cmds[ncmds];
      memset(c, 0, sizeof(*c));
      break;
    }
  }
}

/* Makes fd number `to` refer to what `from` refers to, and closes `from`. */
static void move_fd(int from, int to) {
  if (from == to)
    return;
  close(to);
  if (dup(from) != to) {
    fprintf(2, "sh: cannot set up descriptor %d\n", to);
    exit(1);
  }
  close(from);
}

static void redirect(struct command *c) {
  if (c->in != NULL) {
    int fd = open(c->in, O_RDONLY);
    if (fd < 0) {
      fprintf(2, "sh: cannot open %s\n", c->in);
      exit(1);
    }
    move_fd(fd, 0);
  }
  if (c->out != NULL) {
    int fd = open(c->out, c->append ? O_RDWR | O_CREATE : O_WRONLY | O_CREATE | O_TRUNC);
    if (fd < 0) {
      fprintf(2, "sh: cannot create %s\n", c->out);
      exit(1);
    }
    if (c->append) {
      static char skip[512];
      while (read(fd, skip, sizeof(skip)) > 0)
        ;
    }
    move_fd(fd, 1);
  }
}

/* In a child: redirections, then exec. Never returns. */
static void run(struct command *c) {
  static char path[MAXPATH];
  redirect(c);
  exec(c->argv[0], c->argv);
  if (strchr(c->argv[0], '/') == NULL && strlen(c->argv[0]) + 2 <= sizeof(path)) {
    path[0] = '/';
    strcpy(path + 1, c->argv[0]);
    exec(path, c->argv);
  }
  fprintf(2, "sh: cannot run %s\n", c->argv[0]);
  exit(1);
}

/* Runs cmds[first..last] as one pipeline and waits for all of it. Returns the
 * last command's exit status. */
static int pipeline(int first, int last) {
  int pids[MAXCMDS];
  int from_prev = -1; /* read end of the pipe from the previous command */
  int started = 0;
  for (int i = first; i <= last; i++) {
    int p[2] = {-1, -1};
    if (i < last && pipe(p) < 0) {
      fprintf(2, "sh: cannot make a pipe\n");
      break;
    }
    int pid = fork();
    if (pid < 0) {
      fprintf(2, "sh: fork failed\n");
      if (p[0] >= 0) {
        close(p[0]);
        close(p[1]);
      }
      break;
    }
    if (pid == 0) {
      if (from_prev >= 0)
        move_fd(from_prev, 0);
      if (i < last) {
        close(p[0]);
        move_fd(p[1], 1);
      }
      run(&cmds[i]);
    }
    pids[started++] = pid;
    if (from_prev >= 0)
      close(from_prev);
    if (i < last) {
      close(p[1]);
      from_prev = p[0];
    }
  }
  if (from_prev >= 0)
    close(from_prev);

  int status = 1, waiting = started;
  while (waiting > 0) {
    int st;
    int who = wait(&st);
    if (who < 0)
      break;
    for (int k = 0; k < started; k++) {
      if (pids[k] == who) {
        waiting--;
        if (k == started - 1 && started == last - first + 1)
          status = st;
      }
    }
    /* Any other pid is a background job that has ended. */
  }
  return status;
}

static int builtin(struct command *c) {
  if (strcmp(c->argv[0], "cd") == 0) {
    const char *dir = c->argc > 1 ? c->argv[1] : "/";
    if (chdir(dir) < 0)
      fprintf(2, "sh: cannot cd to %s\n", dir);
    return 1;
  }
  if (strcmp(c->argv[0], "exit") == 0)
    exit(c->argc > 1 ? atoi(c->argv[1]) : 0);
  return 0;
}

static void execute(void) {
  int first = 0;
  for (int i = 0; i < ncmds; i++) {
    if (cmds[i].link == L_PIPE)
      continue;
    if (first == i && builtin(&cmds[i])) {
      first = i + 1;
      continue;
    }
    if (cmds[i].link == L_BACK) {
      int pid = fork();
      if (pid == 0)
        exit(pipeline(first, i));
      if (pid < 0)
        fprintf(2, "sh: fork failed\n");
      else
        fprintf(2, "[%d]\n", pid);
    } else {
      pipeline(first, i);
    }
    first = i + 1;
  }
}

int main(int argc, char **argv) {
  int in = 0;
  if (argc > 1) {
    in = open(argv[1], O_RDONLY);
    if (in < 0) {
      fprintf(2, "sh: cannot open %s\n", argv[1]);
      exit(1);
    }
  }
  struct stat st;
  int interactive = argc == 1 && fstat(0, &st) == 0 && st.type == T_DEVICE;
  int had_input = 0;
  for (;;) {
    if (interactive)
      fprintf(2, "$ ");
    int n = readline(in, line, sizeof(line));
    if (n <= 0)
      break;
    had_input = 1;
    if (line[n - 1] != '\n' && n == (int)sizeof(line) - 1) {
      char c;
      while (read(in, &c, 1) == 1 && c != '\n')
        ;
      fprintf(2, "sh: line too long\n");
      continue;
    }
    if (parse() == 0)
      execute();
  }
  exit(had_input ? 0 : 2);
}
