/* ratedload: an open-loop, constant-rate HTTP/1.1 load generator for DescribeTrainingJob (AWS JSON 1.1).
 *
 *   cc -O2 -o ratedload ratedload.c
 *   ratedload -u http://127.0.0.1:PORT -r RATE -d SECONDS -c CONNECTIONS -n NAMES_FILE [-w WARMUP_SECONDS]
 *
 * Request i is due at start + i/RATE, whatever happened to earlier ones (open loop). It goes out on the first idle
 * keep-alive connection; when none is idle it waits in a queue. Its latency runs from the time it was DUE, not from
 * when it was sent, so a stalled server is charged for the requests it held back (no coordinated omission, as in
 * wrk2). One thread, epoll, and a timerfd armed at the next due time (nanosecond resolution).
 * Requests due during the warm-up are sent but not counted. Prints one line:
 *   RATEDLOAD rate=.. sent=.. counted=.. errors=.. achieved_rps=.. p50_us=.. p90_us=.. p99_us=.. p999_us=.. max_us=..
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

/* moto_server routes by the SigV4 credential scope without checking the signature; sagetrain ignores the header
 * when it runs without --credentials-file. The same bytes go to both servers. */
#define AUTHORIZATION "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/sagemaker/aws4_request, " \
  "SignedHeaders=content-type;host;x-amz-target, Signature=0000000000000000000000000000000000000000000000000000000000000000"
#define MAX_CONNS 256
#define BUF_SIZE 65536

typedef struct {
  int fd, busy;           /* busy: a request is in flight */
  long long due;          /* when the in-flight request was due (ns) */
  size_t have;            /* bytes of the response read so far */
  char buf[BUF_SIZE];
} Conn;

static Conn conns[MAX_CONNS];
static struct sockaddr_in addr;
static char **reqs; static size_t *req_lens; static int nreqs;

static long long now_ns(void) {
  struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}
static void die(const char *what) { perror(what); exit(2); }
static int cmp_ll(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b; return (x > y) - (x < y);
}

static void open_conn(Conn *c, int ep) {
  c->fd = socket(AF_INET, SOCK_STREAM, 0);
  if (c->fd < 0) die("socket");
  int one = 1; setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(c->fd, (struct sockaddr *)&addr, sizeof addr) < 0) die("connect");  /* blocking connect: loopback */
  struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
  if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) < 0) die("epoll_ctl");
  c->busy = 0; c->have = 0;
}

/* Sends a random Describe request; the requests are ~250 bytes, so a blocking write on loopback is immediate. */
static void send_req(Conn *c, long long due) {
  int i = rand() % nreqs;
  if (write(c->fd, reqs[i], req_lens[i]) != (ssize_t)req_lens[i]) die("write");
  c->busy = 1; c->due = due; c->have = 0;
}

/* Length of a complete response in buf (headers + Content-Length), 0 if incomplete; sets *status, and *close
 * when the server says "Connection: close" (moto's Werkzeug does, on every response). */
static size_t response_length(Conn *c, int *status, int *close_after) {
  c->buf[c->have] = 0;
  char *end = strstr(c->buf, "\r\n\r\n");
  if (!end) return 0;
  *status = atoi(c->buf + 9);  /* "HTTP/1.1 200" */
  char *conn = strcasestr(c->buf, "\r\nconnection: close");
  *close_after = conn && conn < end;
  char *cl = strcasestr(c->buf, "\r\ncontent-length:");
  if (!cl || cl > end) { fprintf(stderr, "ratedload: response without Content-Length\n"); exit(2); }
  size_t total = (size_t)(end + 4 - c->buf) + strtoul(cl + 17, NULL, 10);
  if (total >= BUF_SIZE) { fprintf(stderr, "ratedload: response too large\n"); exit(2); }
  return c->have >= total ? total : 0;
}

int main(int argc, char **argv) {
  const char *url = NULL, *names = NULL;
  double rate = 1000, seconds = 10, warmup = 1;
  int nconns = 8, opt;
  while ((opt = getopt(argc, argv, "u:r:d:c:n:w:")) != -1) switch (opt) {
    case 'u': url = optarg; break;          case 'r': rate = atof(optarg); break;
    case 'd': seconds = atof(optarg); break; case 'c': nconns = atoi(optarg); break;
    case 'n': names = optarg; break;        case 'w': warmup = atof(optarg); break;
    default: fprintf(stderr, "usage: %s -u URL -r RATE -d SECONDS -c CONNS -n NAMES [-w WARMUP]\n", argv[0]); return 2;
  }
  char host[64]; int port;
  if (!url || !names || sscanf(url, "http://%63[0-9.]:%d", host, &port) != 2 || nconns < 1 || nconns > MAX_CONNS
      || rate <= 0) {
    fprintf(stderr, "ratedload: need -u http://IPV4:PORT, -n NAMES_FILE, 1..%d connections, a rate > 0\n", MAX_CONNS);
    return 2;
  }
  addr.sin_family = AF_INET; addr.sin_port = htons(port);
  if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) die("inet_pton");

  /* Pre-render one request per job name. */
  FILE *f = fopen(names, "r"); if (!f) die(names);
  char line[256]; int cap = 1024;
  reqs = malloc(cap * sizeof *reqs); req_lens = malloc(cap * sizeof *req_lens);
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\r\n")] = 0;
    if (!*line) continue;
    if (nreqs == cap) { cap *= 2; reqs = realloc(reqs, cap * sizeof *reqs); req_lens = realloc(req_lens, cap * sizeof *req_lens); }
    char body[300]; int blen = snprintf(body, sizeof body, "{\"TrainingJobName\":\"%s\"}", line);
    reqs[nreqs] = malloc(1024);
    req_lens[nreqs] = snprintf(reqs[nreqs], 1024,
      "POST / HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/x-amz-json-1.1\r\n"
      "X-Amz-Target: SageMaker.DescribeTrainingJob\r\nAuthorization: %s\r\nContent-Length: %d\r\n\r\n%s",
      host, port, AUTHORIZATION, blen, body);
    if (req_lens[nreqs] >= 1024) { fprintf(stderr, "ratedload: name too long: %s\n", line); return 2; }
    nreqs++;
  }
  fclose(f);
  if (!nreqs) { fprintf(stderr, "ratedload: no names\n"); return 2; }
  srand((unsigned)now_ns());

  int ep = epoll_create1(0), tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
  if (ep < 0 || tfd < 0) die("epoll/timerfd");
  struct epoll_event tev = {.events = EPOLLIN, .data.ptr = NULL};
  epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &tev);
  for (int i = 0; i < nconns; i++) open_conn(&conns[i], ep);

  long long total = (long long)(rate * seconds), interval = (long long)(1e9 / rate);
  long long warm = (long long)(rate * warmup);
  long long *lat = malloc(sizeof(long long) * (total + 1));
  long long next = 0, done = 0, counted = 0, errors = 0;   /* next: index of the next request to send */
  long long start = now_ns() + 1000000, finish_by = start + (long long)(seconds * 1e9) + 5000000000LL;
  struct epoll_event evs[MAX_CONNS + 1];

  while (done < total && now_ns() < finish_by) {
    /* Send every request that is due, while a connection is idle; the rest wait (and their latency grows). */
    long long t = now_ns();
    for (int i = 0; i < nconns && next < total && start + next * interval <= t; i++)
      if (!conns[i].busy) { send_req(&conns[i], start + next * interval); next++; }
    /* Wake at the next due time if a connection could take it (else the next response frees one). */
    int idle = 0;
    for (int i = 0; i < nconns; i++) idle |= !conns[i].busy;
    struct itimerspec its = {0};  /* all zero: disarmed */
    if (next < total && idle) {
      long long due = start + next * interval;
      its.it_value.tv_sec = due / 1000000000LL; its.it_value.tv_nsec = due % 1000000000LL;
    }
    timerfd_settime(tfd, TFD_TIMER_ABSTIME, &its, NULL);
    int n = epoll_wait(ep, evs, MAX_CONNS + 1, 1000);
    if (n < 0 && errno != EINTR) die("epoll_wait");
    for (int e = 0; e < n; e++) {
      Conn *c = evs[e].data.ptr;
      if (!c) { unsigned long long x; (void)!read(tfd, &x, sizeof x); continue; }
      ssize_t r = read(c->fd, c->buf + c->have, BUF_SIZE - 1 - c->have);
      if (r <= 0) {  /* the server closed the connection: count the request as an error, reconnect */
        if (r < 0 && errno == EAGAIN) continue;
        epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL); close(c->fd);
        if (c->busy) { errors++; done++; }
        open_conn(c, ep);
        continue;
      }
      c->have += (size_t)r;
      int status = 0, close_after = 0; size_t len = response_length(c, &status, &close_after);
      if (!len) continue;
      if (len != c->have) { fprintf(stderr, "ratedload: unexpected bytes after a response\n"); return 2; }
      long long idx = (c->due - start) / interval;
      if (status != 200) errors++;
      else if (idx >= warm) lat[counted++] = now_ns() - c->due;
      c->busy = 0; c->have = 0; done++;
      if (close_after) { epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL); close(c->fd); open_conn(c, ep); }
    }
  }
  double elapsed = (now_ns() - start) / 1e9;
  if (!counted) { fprintf(stderr, "ratedload: no responses counted\n"); return 1; }
  qsort(lat, counted, sizeof *lat, cmp_ll);
#define PCT(p) (lat[(long long)((p) / 100.0 * (counted - 1))] / 1000)
  printf("RATEDLOAD rate=%.0f sent=%lld counted=%lld errors=%lld unfinished=%lld achieved_rps=%.1f "
         "p50_us=%lld p90_us=%lld p99_us=%lld p999_us=%lld max_us=%lld\n",
         rate, next, counted, errors, total - done, done / elapsed, PCT(50), PCT(90), PCT(99), PCT(99.9),
         lat[counted - 1] / 1000);
  return errors || done < total ? 1 : 0;
}
