import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withoutPassword, withoutSecrets } from '../../src/db/database.ts';

test('a database URL is printed without its password, however it is written', () => {
  assert.equal(withoutPassword('postgres://redress:s3cret-pw@db.example:5432/redress'), 'postgres://redress:***@db.example:5432/redress');
  assert.equal(withoutPassword('postgres://redress:p%40ss%2Fw0rd@db/x?sslmode=require&password=other'), 'postgres://redress:***@db/x?sslmode=require&password=***');
  assert.equal(withoutPassword('postgres://redress@db/x'), 'postgres://redress@db/x');
  assert.ok(!withoutPassword('postgres://u:pa ss@wo rd@db/x').includes('pa ss'));
});

test('any text loses the password of DATABASE_URL and of any URL in it', () => {
  const url = 'postgres://redress:s3cret-pw@db.example/redress';
  assert.equal(withoutSecrets('login failed with s3cret-pw for postgres://a:b@c/d', url), 'login failed with *** for postgres://a:***@c/d');
  assert.equal(withoutSecrets('host=db password=hunter2 user=x'), 'host=db password=*** user=x');
  assert.equal(withoutSecrets('nothing secret here', url), 'nothing secret here');
  assert.equal(withoutSecrets('p@ss/w0rd leaked', 'postgres://u:p%40ss%2Fw0rd@db/x'), '*** leaked');
});
