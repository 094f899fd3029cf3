import { describe, expect, it } from 'vitest';
import { columnSpecs, normalizeHeader, parseMapOptions, resolveColumns } from '../../src/schema/columns.js';
import { PostRow } from '../../src/schema/post.js';

const specs = columnSpecs(PostRow);
const understood = (header: string[], map = new Map<string, string>()) =>
  Object.fromEntries([...resolveColumns(header, specs, map, 'f.csv').columns.values()].map((c) => [c.name, c.header]));

describe('header aliases of native exports', () => {
  it('normalises case, width and spacing', () => {
    expect(normalizeHeader(' Lifetime Post  Total_Reach ')).toBe('lifetimeposttotalreach');
    expect(normalizeHeader('ＲＥＡＣＨ')).toBe('reach');
    expect(normalizeHeader('いいね！の数')).toBe(normalizeHeader('いいね!の数'));
  });

  it('reads Meta Business Suite (Facebook): Reactions are likes, Publish time beats Date', () => {
    expect(understood(['Post ID', 'Publish time', 'Date', 'Impressions', 'Reach', 'Reactions, Comments and Shares', 'Reactions', 'Comments', 'Shares', 'Link Clicks'])).toEqual({
      post_id: 'Post ID', published_at: 'Publish time', impressions: 'Impressions', reach: 'Reach',
      engagements: 'Reactions, Comments and Shares', likes: 'Reactions', comments: 'Comments', shares: 'Shares', clicks: 'Link Clicks',
    });
  });

  it('reads the legacy Facebook Insights export and the UCI Facebook metrics set', () => {
    expect(understood(['Page total likes', 'Type', 'Lifetime Post Total Reach', 'Lifetime Post Total Impressions', 'comment', 'like', 'share', 'Total Interactions'])).toEqual({
      followers: 'Page total likes', reach: 'Lifetime Post Total Reach', impressions: 'Lifetime Post Total Impressions',
      comments: 'comment', likes: 'like', shares: 'share', engagements: 'Total Interactions',
      // The post type (Photo, Status, Link, Video): what --group-by @format reads.
      format: 'Type',
    });
  });

  it('reads X: the legacy tweet activity and the Japanese content export', () => {
    expect(understood(['Tweet id', 'time', 'impressions', 'engagements', 'engagement rate', 'retweets', 'replies', 'likes'])).toEqual({
      post_id: 'Tweet id', published_at: 'time', impressions: 'impressions', engagements: 'engagements',
      reposts: 'retweets', comments: 'replies', likes: 'likes',
    });
    expect(understood(['ポストID', '日付', 'インプレッション数', 'いいね', 'エンゲージメント', 'ブックマーク', '共有された回数', '返信', 'リポスト'])).toEqual({
      post_id: 'ポストID', published_at: '日付', impressions: 'インプレッション数', likes: 'いいね', engagements: 'エンゲージメント',
      saves: 'ブックマーク', shares: '共有された回数', comments: '返信', reposts: 'リポスト',
    });
  });

  it('reads Japanese Meta headers', () => {
    expect(understood(['投稿ID', '公開時間', 'リーチ', 'いいね！の数', 'コメント数', 'シェア数', '保存数'])).toEqual({
      post_id: '投稿ID', published_at: '公開時間', reach: 'リーチ', likes: 'いいね！の数', comments: 'コメント数', shares: 'シェア数', saves: '保存数',
    });
  });

  it('reads LinkedIn, TikTok and YouTube Studio', () => {
    expect(understood(['Post link', 'Created date', 'Impressions', 'Views (excluding off-site video views)', 'Clicks', 'Likes', 'Comments', 'Reposts'])).toMatchObject({
      post_id: 'Post link', published_at: 'Created date', views: 'Views (excluding off-site video views)', clicks: 'Clicks', reposts: 'Reposts',
    });
    expect(understood(['Video link', 'Post time', 'Total views', 'Total likes', 'Total comments', 'Total shares', 'Add to Favorites'])).toMatchObject({
      published_at: 'Post time', views: 'Total views', likes: 'Total likes', comments: 'Total comments', shares: 'Total shares', saves: 'Add to Favorites',
    });
    expect(understood(['Content', 'Video publish time', 'Views', 'Subscribers', 'Impressions', 'Likes', 'Comments added'])).toEqual({
      post_id: 'Content', published_at: 'Video publish time', views: 'Views', impressions: 'Impressions', likes: 'Likes', comments: 'Comments added',
    });
  });

  it("reads the legacy Insights export's stories as the platform's own interaction total", () => {
    expect(understood(['Post ID', 'Posted', 'Lifetime Post Stories', 'Lifetime Post Total Reach'])).toEqual({
      post_id: 'Post ID', published_at: 'Posted', engagements: 'Lifetime Post Stories', reach: 'Lifetime Post Total Reach',
    });
  });

  it('lets --map override an alias, and reports a header that is not there', () => {
    const map = parseMapOptions(['likes=Reactions total'], specs);
    expect(understood(['Likes', 'Reactions total'], map).likes).toBe('Reactions total');
    expect(() => understood(['Likes'], map)).toThrow(/has no column "Reactions total"/);
  });

  it('reports --map of an unknown column or without "=" as usage errors', () => {
    expect(() => parseMapOptions(['lieks=Likes'], specs)).toThrow(/"lieks" is not a column engage knows/);
    expect(() => parseMapOptions(['likes'], specs)).toThrow(/not of the form column=Header/);
  });
});
