/*
 * malloc and free on top of sbrk.
 *
 * Every block, free or in use, starts with a 16-byte header holding its size in
 * bytes (header included, a multiple of 16). Free blocks are kept in one list
 * sorted by address, which makes merging neighbours on free() a matter of
 * comparing addresses. malloc() takes the first free block that is big enough
 * and, if it is much bigger, hands out its upper end so the list needs no
 * relinking. When nothing fits, the heap grows by at least GROW bytes.
 * Memory is never returned to the kernel.
 */
#include "xv6.h"

struct block {
  uint64 size;
  struct block *next; /* used only while the block is free */
};

#define HEADER ((uint64)sizeof(struct block))
#define GROW (16 * 1024UL)

static struct block *free_list;

static uint64 round16(uint64 n) {
  return (n + 15) & ~15UL;
}

void free(void *p) {
  if (p == NULL)
    return;
  struct block *b = (struct block *)p - 1;
  struct block *prev = NULL, *next = free_list;
  while (next != NULL && next < b) {
    prev = next;
    next = next->next;
  }
  b->next = next;
  if (next != NULL && (char *)b + b->size == (char *)next) {
    b->size += next->size;
    b->next = next->next;
  }
  if (prev == NULL) {
    free_list = b;
  } else if ((char *)prev + prev->size == (char *)b) {
    prev->size += b->size;
    prev->next = b->next;
  } else {
    prev->next = b;
  }
}

static int grow(uint64 need) {
  uint64 misalign = (uint64)sbrk(0) & 15;
  uint64 skip = misalign == 0 ? 0 : 16 - misalign;
  uint64 size = need < GROW ? GROW : need;
  if (size + skip > 0x7fffffffUL)
    return -1;
  char *p = sbrk((int)(size + skip));
  if (p == (char *)-1)
    return -1;
  struct block *b = (struct block *)(p + skip);
  b->size = size;
  free(b + 1);
  return 0;
}

void *malloc(uint n) {
  uint64 need = round16((uint64)(n == 0 ? 1 : n) + HEADER);
  for (;;) {
    struct block *prev = NULL;
    for (struct block *b = free_list; b != NULL; prev = b, b = b->next) {
      if (b->size < need)
        continue;
      if (b->size - need >= 2 * HEADER) {
        b->size -= need;
        struct block *tail = (struct block *)((char *)b + b->size);
        tail->size = need;
        return tail + 1;
      }
      if (prev == NULL)
        free_list = b->next;
      else
        prev->next = b->next;
      return b + 1;
    }
    if (grow(need) < 0)
      return NULL;
  }
}
