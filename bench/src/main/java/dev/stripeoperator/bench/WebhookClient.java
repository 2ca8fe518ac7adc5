package dev.stripeoperator.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import com.stripe.net.Webhook;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.AttributeKey;

/**
 * Delivers signed events to one webhook URL the way Stripe does: POST, JSON body, {@code Stripe-Signature}.
 *
 * <p>Netty's HTTP/1.1 client codec on one event loop per core: each keep-alive connection carries one request
 * at a time, and an answered connection takes the next request at once, on the event loop, without a thread
 * hand-off. The generator shares the cores with what it measures, so it should cost them as little as it can.
 */
final class WebhookClient implements AutoCloseable {

    private static final AttributeKey<Waiting> WAITING = AttributeKey.valueOf("waiting");
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final int MAX_SAMPLE = 200;

    private final EventLoopGroup loops;
    private final Bootstrap bootstrap;
    private final Queue<Channel> idle = new ConcurrentLinkedQueue<>();
    private final URI url;
    private final String secret;

    WebhookClient(URI url, Duration timeout, String secret) {
        this.url = url;
        this.secret = secret;
        this.loops = new NioEventLoopGroup(Runtime.getRuntime().availableProcessors());
        this.bootstrap = new Bootstrap()
                .group(loops)
                .channel(NioSocketChannel.class)
                .remoteAddress(url.getHost(), url.getPort())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast(
                                        new ReadTimeoutHandler(timeout.toMillis(), TimeUnit.MILLISECONDS),
                                        new HttpClientCodec(),
                                        new HttpObjectAggregator(MAX_RESPONSE_BYTES),
                                        new Answers());
                    }
                });
    }

    /** Signs the payload now, with the current time as Stripe's timestamp. */
    FullHttpRequest signed(String payload) {
        long timestamp = Webhook.Util.getTimeNow();
        String signature;
        try {
            signature = Webhook.Util.computeHmacSha256(secret, timestamp + "." + payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        FullHttpRequest request = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.POST, url.getRawPath(), Unpooled.wrappedBuffer(body));
        request.headers()
                .set(HttpHeaderNames.HOST, url.getHost() + ":" + url.getPort())
                .set(HttpHeaderNames.USER_AGENT, "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set("Stripe-Signature", "t=" + timestamp + ",v1=" + signature);
        return request;
    }

    /**
     * Builds and signs events 0..count-1 of a phase just before it starts: the timestamps are fresh (the phase
     * must end within Stripe's 300 s tolerance), and the generator spends none of the measured time on signing.
     */
    FullHttpRequest[] signedAll(StripeEvents events, char phaseKey, int count) {
        FullHttpRequest[] requests = new FullHttpRequest[count];
        for (int i = 0; i < count; i++) {
            requests[i] = signed(events.body(phaseKey, i, System.currentTimeMillis() / 1000));
        }
        // The requests just built fill the young generation; collected now, not in a pause of the generator
        // during the phase, which an open loop would charge to the receiver as latency.
        System.gc();
        return requests;
    }

    /**
     * Sends on an idle connection (a new one when none is idle) without waiting; completes with the HTTP
     * status, or 0 when no answer came (recorded in the outcomes). Each request is sent once.
     */
    CompletableFuture<Integer> deliver(FullHttpRequest request, Outcomes outcomes) {
        Waiting waiting = new Waiting(new CompletableFuture<>(), outcomes);
        Channel channel = idle.poll();
        while (channel != null && !channel.isActive()) {
            channel = idle.poll();
        }
        if (channel != null) {
            send(channel, request, waiting);
        } else {
            bootstrap.connect().addListener(connected -> {
                if (connected.isSuccess()) {
                    send(((io.netty.channel.ChannelFuture) connected).channel(), request, waiting);
                } else {
                    request.release();
                    waiting.fail(connected.cause());
                }
            });
        }
        return waiting.status();
    }

    private static void send(Channel channel, FullHttpRequest request, Waiting waiting) {
        channel.attr(WAITING).set(waiting);
        channel.writeAndFlush(request).addListener(written -> {
            if (!written.isSuccess()) {
                failWaiting(channel, written.cause());
                channel.close();
            }
        });
    }

    private static void failWaiting(Channel channel, Throwable cause) {
        Waiting waiting = channel.attr(WAITING).getAndSet(null);
        if (waiting != null) {
            waiting.fail(cause);
        }
    }

    @Override
    public void close() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A request on the wire and who waits for its answer. */
    private record Waiting(CompletableFuture<Integer> status, Outcomes outcomes) {
        void fail(Throwable cause) {
            status.complete(outcomes.record(cause));
        }
    }

    /** Completes the waiting request with its answer and returns the connection to the idle ones. */
    private final class Answers extends SimpleChannelInboundHandler<FullHttpResponse> {

        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpResponse response) {
            Waiting waiting = context.channel().attr(WAITING).getAndSet(null);
            int code = response.status().code();
            String body = code == 200
                    ? ""
                    : response.content()
                            .toString(
                                    0,
                                    Math.min(MAX_SAMPLE, response.content().readableBytes()),
                                    StandardCharsets.UTF_8);
            // Idle before completing: whoever is told sends the next request, preferably on this connection.
            idle.offer(context.channel());
            if (waiting != null) {
                waiting.status().complete(waiting.outcomes().record(code, body));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            failWaiting(context.channel(), new IOException("connection closed before the answer"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            failWaiting(context.channel(), cause);
            context.close();
        }
    }
}
