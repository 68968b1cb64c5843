// A stand-in of the YouTube IFrame Player API, served by YouTubeAdapterBrowserTest in place of
// https://www.youtube.com/iframe_api (YouTube cannot be reached from tests). It follows the
// documented interface (developers.google.com/youtube/iframe_api_reference): new YT.Player(el,
// {videoId, playerVars, events: {onReady, onStateChange}}), YT.PlayerState, playVideo, pauseVideo,
// seekTo(seconds, allowSeekAhead), getCurrentTime, setPlaybackRate/getPlaybackRate, getDuration,
// getPlayerState, cueVideoById, destroy; and window.onYouTubeIframeAPIReady once loaded. Its
// clock is the page's: position advances by rate while PLAYING. Every call is recorded in
// window.__yt.calls, so the test can see what the sync logic asked of the player, and
// window.__yt.jump(s) moves the position behind the adapter's back (a player that drifted).
(() => {
  const PlayerState = { UNSTARTED: -1, ENDED: 0, PLAYING: 1, PAUSED: 2, BUFFERING: 3, CUED: 5 };
  const yt = { calls: [], players: [] };
  const DURATION = 212;

  class Player {
    constructor(el, opts) {
      const host = typeof el === 'string' ? document.getElementById(el) : el;
      this.frame = document.createElement('div');
      this.frame.className = 'yt-standin';
      this.frame.dataset.testid = 'yt-standin';
      this.frame.textContent = `YouTube stand-in: ${opts.videoId}`;
      Object.assign(this.frame.style, { color: '#fff', padding: '12px', font: '14px system-ui, sans-serif' }); // CSSOM: allowed by the CSP
      host.replaceWith(this.frame); // the real API replaces the element with its iframe
      this.opts = opts;
      this.videoId = opts.videoId;
      this.state = PlayerState.UNSTARTED;
      this.pos = 0;
      this.at = performance.now();
      this.rate = 1;
      yt.players.push(this);
      setTimeout(() => opts.events?.onReady?.({ target: this }), 30);
    }

    log(name, ...args) { yt.calls.push({ name, args, at: performance.now(), position: this.now() }); }
    now() {
      if (this.state !== PlayerState.PLAYING) return this.pos;
      return Math.min(DURATION, this.pos + ((performance.now() - this.at) / 1000) * this.rate);
    }
    rebase() { this.pos = this.now(); this.at = performance.now(); }
    setState(s) {
      this.rebase();
      this.state = s;
      this.opts.events?.onStateChange?.({ target: this, data: s });
    }

    playVideo() {
      this.log('playVideo');
      if (this.state === PlayerState.PLAYING) return;
      // Like the real player: BUFFERING first, PLAYING once "loaded".
      this.setState(PlayerState.BUFFERING);
      setTimeout(() => { if (this.state === PlayerState.BUFFERING) this.setState(PlayerState.PLAYING); }, 80);
    }
    pauseVideo() { this.log('pauseVideo'); if (this.state !== PlayerState.PAUSED) this.setState(PlayerState.PAUSED); }
    seekTo(seconds, allowSeekAhead) {
      this.log('seekTo', seconds, allowSeekAhead);
      this.pos = Math.max(0, Math.min(DURATION, seconds));
      this.at = performance.now();
    }
    setPlaybackRate(r) { this.log('setPlaybackRate', r); this.rebase(); this.rate = r; }
    getPlaybackRate() { return this.rate; }
    getCurrentTime() { return this.now(); }
    getDuration() { return DURATION; }
    getPlayerState() { return this.state; }
    cueVideoById(id) { this.log('cueVideoById', id); this.videoId = id; this.pos = 0; this.setState(PlayerState.CUED); }
    destroy() { this.log('destroy'); this.frame.remove(); }
  }

  yt.jump = (s) => { const p = yt.players.at(-1); p.rebase(); p.pos += s; };
  window.__yt = yt;
  window.YT = { Player, PlayerState, loaded: 1 };
  // The real loader fetches its widget script first; the callback comes asynchronously.
  setTimeout(() => window.onYouTubeIframeAPIReady?.(), 0);
})();
