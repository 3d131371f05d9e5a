// Starts s3rver on loopback with a free port, storing objects under the folder given as the
// first argument; every further argument names a bucket to create. Prints one JSON line with the
// port, then serves until its standard input closes.
import S3rver from 's3rver';

const [directory, ...buckets] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: buckets.map((name) => ({ name })),
});
const { port } = await server.run();
process.stdout.write(JSON.stringify({ port }) + '\n');
process.stdin.resume();
process.stdin.on('end', async () => {
  await server.close();
  process.exit(0);
});
