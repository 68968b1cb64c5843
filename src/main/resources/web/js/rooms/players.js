// Players behind one adapter, so every source gets the same sync logic (sync.js):
//   load(item, url) · play(): Promise (rejects when autoplay is refused) · pause() · seek(s) ·
//   setRate(r) · time() · duration() · isBuffering() · onChange(fn) · destroy()
// FilePlayer: a <video> for http(s) files and uploads (Range streaming). YouTubePlayer: the IFrame
// Player API (YT.Player, playVideo, pauseVideo, seekTo, getCurrentTime, setPlaybackRate,
// onStateChange). Vimeo or Dailymotion would be one more class here.
import { h } from '../dom.js';

export class FilePlayer {
  constructor(host) {
    // Created once per room view and kept across re-renders: a playing video must not be rebuilt.
    this.video = h('video', { class: 'room-video', playsinline: true, preload: 'auto', 'data-testid': 'room-video' });
    this.buffering = false;
    this.listeners = new Set();
    for (const ev of ['waiting', 'stalled']) this.video.addEventListener(ev, () => this.set(true));
    for (const ev of ['playing', 'canplay', 'seeked', 'pause']) this.video.addEventListener(ev, () => this.set(this.video.readyState < 3));
    for (const ev of ['loadedmetadata', 'ended']) this.video.addEventListener(ev, () => this.emit());
    host.append(this.video);
  }

  set(b) { if (b !== this.buffering) { this.buffering = b; this.emit(); } }
  emit() { for (const fn of this.listeners) fn(); }
  onChange(fn) { this.listeners.add(fn); return () => this.listeners.delete(fn); }

  /** fn() when the file cannot be read (e.g. an upload's signed URL expired). */
  onError(fn) { this.video.addEventListener('error', fn); }

  load(item, url) {
    if (this.src === url) return;
    this.src = url;
    this.video.src = url || '';
    if (url) this.video.load();
  }

  play() { return this.video.play(); }
  pause() { this.video.pause(); }
  seek(s) { this.video.currentTime = Math.max(0, s); }
  setRate(r) { if (Math.abs(this.video.playbackRate - r) > 1e-4) this.video.playbackRate = r; }
  rate() { return this.video.playbackRate; }
  time() { return this.video.currentTime; }
  duration() { return Number.isFinite(this.video.duration) ? this.video.duration : null; }
  isPaused() { return this.video.paused; }
  isBuffering() { return this.buffering || (!this.video.paused && this.video.readyState < 3); }
  destroy() { this.video.removeAttribute('src'); this.video.load(); this.video.remove(); }
}

const YT_API = 'https://www.youtube.com/iframe_api';
let ytReady = null;

/** Loads the IFrame API once (the page's CSP allows www.youtube.com for script and frame). */
function loadYouTube() {
  if (window.YT?.Player) return Promise.resolve(window.YT);
  if (!ytReady) {
    ytReady = new Promise((resolve, reject) => {
      const previous = window.onYouTubeIframeAPIReady;
      window.onYouTubeIframeAPIReady = () => { previous?.(); resolve(window.YT); };
      const s = h('script', { src: YT_API, async: true });
      s.addEventListener('error', () => { ytReady = null; reject(new Error('YouTube could not be loaded')); });
      document.head.append(s);
    });
  }
  return ytReady;
}

export class YouTubePlayer {
  constructor(host) {
    this.el = h('div', { class: 'room-yt', 'data-testid': 'room-youtube' });
    host.append(this.el);
    this.listeners = new Set();
    this.state = -1;
    this.pending = null;
  }

  emit() { for (const fn of this.listeners) fn(); }
  onChange(fn) { this.listeners.add(fn); return () => this.listeners.delete(fn); }

  async load(item) {
    if (this.videoId === item.source) return;
    this.videoId = item.source;
    const YT = await loadYouTube();
    if (this.player) { this.player.cueVideoById(item.source); return; }
    await new Promise((resolve) => {
      this.player = new YT.Player(this.el, {
        videoId: item.source,
        playerVars: { controls: 0, disablekb: 1, playsinline: 1, rel: 0 },
        events: {
          onReady: () => resolve(),
          onStateChange: (e) => { this.state = e.data; this.emit(); },
        },
      });
    });
  }

  onError(fn) { this.errorFn = fn; }
  play() { this.player?.playVideo(); return Promise.resolve(); }
  pause() { this.player?.pauseVideo(); }
  seek(s) { this.player?.seekTo(Math.max(0, s), true); }
  setRate(r) { if (this.player && this.player.getPlaybackRate?.() !== r) this.player.setPlaybackRate(r); }
  rate() { return this.player?.getPlaybackRate?.() ?? 1; }
  time() { return this.player?.getCurrentTime?.() ?? 0; }
  duration() { const d = this.player?.getDuration?.(); return d > 0 ? d : null; }
  isPaused() { return this.state !== 1 && this.state !== 3; }
  isBuffering() { return this.state === 3; }
  destroy() { this.player?.destroy?.(); this.el.remove(); }
}

/** The adapter for a queue item's kind. */
export function playerFor(kind, host) {
  return kind === 'youtube' ? new YouTubePlayer(host) : new FilePlayer(host);
}
