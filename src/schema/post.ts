import { z } from 'zod';
import { countColumn, textColumn, timestampColumn } from './columns.js';

// One row per post. Aliases cover the native exports of Meta Business Suite
// (Facebook, Instagram), the legacy Facebook Insights export, X (legacy tweet
// activity and the current content export, English and Japanese), LinkedIn,
// TikTok and YouTube Studio. Earlier aliases win when a file has several.

export const PostRow = z.object({
  post_id: textColumn('the post', [
    'post id', 'tweet id', 'ポストID', 'ツイートID', '投稿ID', 'id', 'content', 'video id', 'コンテンツ',
    'permalink', 'post link', 'tweet permalink', 'video link', '固定リンク', 'ツイートの固定リンク',
  ]),
  published_at: timestampColumn('when the post was published', [
    'publish time', 'published', 'posted', 'post time', 'video publish time', 'created date', 'created at',
    'publish date', 'date posted', '公開時間', '投稿日時', '公開日時', '作成日時', 'time', '時間', 'date', '日付', 'timestamp',
  ]),
  platform: textColumn('the network the post is on', ['network', 'channel', 'source', 'プラットフォーム', 'SNS', 'チャネル']),
  followers: countColumn('followers when the post was published', [
    'follower count', 'followers count', 'page total likes', 'page followers', 'total followers', 'フォロワー数', 'フォロワー',
  ]),
  reach: countColumn('people who saw the post', [
    'lifetime post total reach', 'post reach', 'accounts reached', 'リーチ', 'リーチ数',
  ]),
  impressions: countColumn('times the post was shown', [
    'lifetime post total impressions', 'post impressions', 'インプレッション', 'インプレッション数', '表示回数',
  ]),
  views: countColumn('video views or plays', [
    'video views', 'total views', 'plays', 'views (excluding off-site video views)', '再生数', '再生回数', '視聴回数', 'メディアの再生数',
  ]),
  likes: countColumn('likes or reactions', [
    'like', 'total likes', 'lifetime talking about this (post) by action type - like', 'favorites', 'favourites', 'いいね', 'いいね!', 'いいね！の数', 'いいね数', 'reactions', 'リアクション',
  ]),
  comments: countColumn('comments or replies', [
    'comment', 'total comments', 'lifetime talking about this (post) by action type - comment', 'comments added', 'replies', 'コメント', 'コメント数', '返信', '返信数',
  ]),
  shares: countColumn('shares: sent on, copied or shared off the platform', [
    'share', 'total shares', 'lifetime talking about this (post) by action type - share', '共有された回数', 'シェア', 'シェア数',
  ]),
  // X's legacy export calls a repost a retweet; its content export has both Reposts and
  // Shares (sent by DM, copied, shared off X): two interactions, both counted (METRICS.md).
  reposts: countColumn('reposts or retweets', ['repost', 'retweets', 'retweet', 'リポスト', 'リツイート', 'リポスト数', 'リツイート数']),
  saves: countColumn('saves or bookmarks', ['save', 'bookmarks', 'add to favorites', '保存', '保存数', 'ブックマーク']),
  clicks: countColumn('link clicks', ['link clicks', 'total clicks', 'クリック', 'クリック数']),
  // Read only by --group-by @hashtag and @format (social.md).
  text: textColumn("the post's text, where its hashtags are", [
    'tweet text', 'post text', 'post message', 'caption', 'description', 'video title', 'title', 'message', '本文', 'ポスト本文', 'ツイート本文', 'テキスト',
  ]),
  hashtags: textColumn("the post's hashtags, where an export lists them apart", ['hashtag', 'ハッシュタグ']),
  format: textColumn('the post type: video, image, carousel, text, link, reel, story', ['post type', 'type', 'media type', 'media_product_type', '投稿タイプ']),
  engagements: countColumn("the platform's own total of interactions", [
    'engagement', 'total engagements', 'total interactions', 'reactions, comments and shares', 'interactions',
    // The legacy Insights export counts a post's likes, comments and shares as its "stories".
    'lifetime post stories',
    'エンゲージメント', 'エンゲージメント数', 'エンゲージメント総数',
  ]),
});
export type PostRow = z.output<typeof PostRow>;

/** Columns that hold interactions, in the order rates add them. */
export const INTERACTION_COLUMNS = ['likes', 'comments', 'shares', 'reposts', 'saves', 'clicks'] as const;
/** Interactions counted when --interactions is not given. */
export const DEFAULT_INTERACTIONS = ['likes', 'comments', 'shares', 'reposts', 'saves'] as const;
/** Bases for --by, in the order the default picks the first present. */
export const BASIS_COLUMNS = ['followers', 'reach', 'impressions', 'views'] as const;
export type Basis = (typeof BASIS_COLUMNS)[number];
