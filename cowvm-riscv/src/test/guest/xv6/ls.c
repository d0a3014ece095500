/* ls [PATH...]: one line per file: name, type (1 directory, 2 file,
 * 3 device), inode number, size in bytes. A directory lists its entries. */
#include "xv6.h"

static void show(const char *name, struct stat *st) {
  printf("%-14s %d %3d %d\n", name, st->type, st->ino, st->size);
}

static int list(const char *path) {
  static char full[MAXPATH + DIRSIZ + 2];
  struct stat st;
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    fprintf(2, "ls: cannot open %s\n", path);
    return 1;
  }
  if (fstat(fd, &st) < 0) {
    fprintf(2, "ls: cannot stat %s\n", path);
    close(fd);
    return 1;
  }
  if (st.type != T_DIR) {
    show(path, &st);
    close(fd);
    return 0;
  }
  uint plen = strlen(path);
  if (plen + 1 + DIRSIZ + 1 > sizeof(full)) {
    fprintf(2, "ls: path too long: %s\n", path);
    close(fd);
    return 1;
  }
  strcpy(full, path);
  full[plen] = '/';
  struct dirent de;
  while (read(fd, &de, sizeof(de)) == sizeof(de)) {
    if (de.inum == 0)
      continue;
    /* A 14-byte name has no NUL of its own. */
    char name[DIRSIZ + 1];
    memcpy(name, de.name, DIRSIZ);
    name[DIRSIZ] = '\0';
    strcpy(full + plen + 1, name);
    struct stat entry;
    if (stat(full, &entry) < 0) {
      fprintf(2, "ls: cannot stat %s\n", full);
      continue;
    }
    show(name, &entry);
  }
  close(fd);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return list(".");
  int status = 0;
  for (int i = 1; i < argc; i++)
    status |= list(argv[i]);
  return status;
}
