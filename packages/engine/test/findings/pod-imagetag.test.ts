import { podImagetag } from '../../src/findings/pod-imagetag.ts';
import { findingTester } from './finding-tester.ts';
import { pod } from './yaml.ts';

const image = (ref: string) =>
  pod('p', `containers: [{ name: c, image: '${ref}' }]`);

findingTester(podImagetag, {
  valid: [
    { name: 'a version tag', manifests: image('nginx:1.27.2') },
    {
      name: 'a registry port and a version tag',
      manifests: image('registry.local:5000/team/app:2.0'),
    },
    {
      name: 'latest with a digest is pinned',
      manifests: image(
        'nginx:latest@sha256:4b3c2a19f0e8d7c6b5a4938271605f4e3d2c1b0a99887766554433221100ffee',
      ),
    },
  ],
  invalid: [
    {
      name: 'the latest tag',
      manifests: image('registry.example.com/payments/api:latest'),
      records: [
        {
          id: 'F-POD-IMAGETAG:Container:default/p/c',
          fields: ['spec.containers[0].image'],
          message: ['tag latest'],
        },
      ],
    },
    {
      name: 'no tag behind a registry port',
      manifests: image('registry.local:5000/team/app'),
      records: [
        {
          id: 'F-POD-IMAGETAG:Container:default/p/c',
          message: ['without a tag or digest'],
        },
      ],
    },
  ],
});
