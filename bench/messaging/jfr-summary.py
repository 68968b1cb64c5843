#!/usr/bin/env python3
"""Groups the CPU samples of a JFR recording of the Juntos server (docs/benchmarks.md, issue 13).

Usage: jfr print --json --events jdk.ExecutionSample --stack-depth 64 server.jfr > samples.json
       python3 bench/messaging/jfr-summary.py samples.json HH:MM:SS HH:MM:SS   (UTC window: the load steps)
Samples with argon2 (sign-up hashing, preparation) are dropped."""
import json,sys,collections
f,start,end=sys.argv[1],sys.argv[2],sys.argv[3]
d=json.load(open(f))
ev=d['recording']['events']
def t(s): return s[11:19]
rows=[]
for e in ev:
    st=e['values']['startTime']
    hh=st[11:19]
    if not (start<=hh<=end): continue
    fr=e['values']['stackTrace']['frames'] if e['values'].get('stackTrace') else []
    names=[x['method']['type']['name']+'.'+x['method']['name'] for x in fr]
    if any('argon2' in n.lower() or 'Argon2' in n for n in names): continue
    rows.append(names)
N=len(rows); print(N,"samples in",start,"-",end)
def lib(n):
    n=n.replace('/','.')
    for k,v in [('org.sqlite','SQLite (JDBC + native)'),('org.postgresql','PostgreSQL JDBC'),('com.zaxxer','HikariCP'),('org.jdbi','JDBI'),
                ('com.fasterxml.jackson','Jackson (JSON)'),('org.eclipse.jetty','Jetty (WebSocket / I/O)'),('io.javalin','Javalin'),
                ('io.juntos','Juntos code'),('sun.nio','JDK NIO'),('java.util.concurrent','JDK locks / concurrency'),('jdk.internal.misc.Unsafe','JDK locks / concurrency'),
                ('java.lang.VirtualThread','JDK virtual threads'),('jdk.internal.vm','JDK virtual threads'),('com.github.benmanes','Caffeine'),('io.micrometer','Micrometer'),('ch.qos','Logback'),('org.slf4j','Logback')]:
        if n.startswith(k): return v
    if n.startswith('java.lang.String') or n.startswith('java.lang.StringLatin1') or n.startswith('java.lang.StringCoding') or 'Charset' in n or n.startswith('sun.nio.cs'): return 'JDK strings / charsets'
    if n.startswith('java.') or n.startswith('jdk.') or n.startswith('sun.'): return 'JDK other'
    return 'other: '+n.split('.')[0]
top=collections.Counter(lib(r[0]) if r else '?' for r in rows)
print("\nTop frame by library (self time):")
for k,v in top.most_common(14): print(f"| {k} | {v} | {100*v/N:.1f}% |")
incl=[('inbound frame handling (GatewayFeature.message)',['GatewayFeature.message']),
      ('send path total (Messages.send)',['Messages.send']),
      ('group commit writer (SendWriter.commit)',['SendWriter.commit']),
      ('  SQL in the batch transaction (SendWriter.write)',['SendWriter.write']),
      ('  commit / fsync',['SQLiteConnection.commit','JDBC3Connection.commit','PgConnection.commit','DB.exec','Handle.commit']),
      ('  announce after commit (encode + publish)',['SendWriter.announce']),
      ('JSON encode (Jackson write)',['ObjectMapper.writeValueAsString','ObjectMapper.writeValueAsBytes','ObjectWriter.writeValueAsString']),
      ('JSON parse (Jackson read)',['ObjectMapper.readTree','ObjectMapper.treeToValue','ObjectMapper.convertValue','ObjectMapper.readValue']),
      ('fan-out: Topics deliver',['Topics.deliver']),
      ('fan-out: Connection.send',['Connection.send','Connection.sendShared']),
      ('Jetty frame flush / socket write',['FrameFlusher','SocketChannelEndPoint.flush','WriteFlusher']),
      ('Jetty read path (and the handlers it calls)',['WebSocketConnection.fillAndParse','Parser.parse']),
      ('ack encode (Frames.ack)',['Frames.ack']),
      ('request data binding (Bodies.parse)',['Bodies.parse']),
      ('bus (InProcessBus / Lane)',['InProcessBus.publish','Lane.drain','Lane.run']),
      ('push hook after each send (Push.messageSent: reads + visibility)',['Push.lambda$messageSent','Push.fanOut']),
      ('  of which Visibility.looking',['Visibility.looking']),
      ('  of which JDBI reads (members, names, group name)',['ConversationReader.memberIds','Users.byIds','ConversationReader.groupName','MembershipCache.memberIds']),
      ('locks (park / monitor)',['LockSupport.park','Unsafe.park','ObjectMonitor']),
      ('UTF-8 encode (String.getBytes)',['String.getBytes','StringCoding','encodeUTF8']),
      ('Ticker',['Ticker.']),
]
print("\nInclusive (stack contains):")
for name,keys in incl:
    if not keys: continue
    c=sum(1 for r in rows if any(any(k in n for k in keys) for n in r))
    print(f"| {name} | {c} | {100*c/N:.1f}% |")
hm=collections.Counter(r[0] for r in rows if r)
print("\nHot methods (self):")
for k,v in hm.most_common(20): print(f"| `{k}` | {v} | {100*v/N:.1f}% |")
