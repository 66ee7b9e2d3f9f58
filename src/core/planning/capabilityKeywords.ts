/**
 * Words and phrases that point at a capability, for requirements without capability tags. An agent
 * matches the words listed for each of its capabilities; a capability not listed here (a custom one
 * such as "payments") is matched by its own name, so custom agents classify too.
 */
export const CAPABILITY_KEYWORDS: Record<string, string[]> = {
  backend: [
    'api', 'endpoint', 'rest', 'graphql', 'grpc', 'server', 'backend', 'service', 'microservice', 'webhook', 'http', 'request handler',
    'database', 'db', 'sql', 'postgres', 'postgresql', 'mysql', 'sqlite', 'mongodb', 'redis', 'orm', 'migration', 'persist', 'persistence',
    'storage', 'crud', 'query', 'auth', 'authentication', 'authorization', 'login', 'logout', 'password', 'session', 'jwt',
    'oauth', 'token', 'registration', 'account', 'queue', 'cron', 'cache', 'rate limit', 'payment', 'upload', 'email', 'notification',
  ],
  api: ['api', 'endpoint', 'rest', 'graphql'],
  server: ['server', 'http', 'backend'],
  database: ['database', 'db', 'sql', 'schema migration', 'orm'],
  auth: ['auth', 'login', 'password', 'session', 'jwt', 'oauth', 'permission', 'role-based'],
  storage: ['storage', 'persist', 'file storage', 'upload'],
  frontend: [
    'frontend', 'front-end', 'ui', 'user interface', 'page', 'landing page', 'screen', 'view', 'button', 'form', 'input field', 'modal',
    'dialog', 'layout', 'css', 'stylesheet', 'theme', 'dark mode', 'responsive', 'mobile', 'component', 'react', 'vue', 'angular', 'svelte',
    'html', 'dom', 'browser', 'click', 'card', 'navigation', 'navbar', 'menu', 'sidebar', 'dashboard', 'chart', 'accessibility', 'wcag',
    'animation', 'tailwind', 'icon', 'tooltip', 'web app', 'single-page', 'spa', 'router',
  ],
  ui: ['ui', 'user interface', 'screen', 'button'],
  web: ['web', 'browser', 'html'],
  react: ['react', 'jsx', 'tsx'],
  components: ['component'],
  css: ['css', 'style', 'stylesheet'],
  ai: [
    'ai', 'llm', 'gpt', 'openai', 'prompt', 'embedding', 'vector', 'semantic search', 'chatbot', 'assistant', 'summarize',
    'classify', 'classification', 'sentiment', 'recommendation', 'recommend', 'machine learning', 'ml', 'neural', 'train', 'training',
    'inference', 'nlp', 'natural language', 'rag', 'fine-tune', 'language model', 'pytorch', 'tensorflow', 'cnn', 'transformer',
  ],
  llm: ['llm', 'language model', 'prompt', 'gpt'],
  ml: ['machine learning', 'ml', 'model training', 'neural'],
  nlp: ['nlp', 'natural language', 'text classification'],
  chatbot: ['chatbot', 'chat bot', 'conversational'],
  recommendations: ['recommendation', 'recommend'],
  embeddings: ['embedding', 'vector'],
  tests: [
    'test', 'testing', 'unit test', 'integration test', 'e2e', 'end-to-end', 'coverage', 'assert', 'qa', 'regression', 'mocha', 'jest',
    'pytest', 'vitest', 'playwright', 'cypress', 'junit', 'test suite', 'test case',
  ],
  testing: ['test', 'testing'],
  qa: ['qa', 'quality assurance'],
  e2e: ['e2e', 'end-to-end'],
  'unit-tests': ['unit test'],
  docs: ['documentation', 'docs', 'readme', 'guide', 'tutorial', 'manual', 'api reference', 'changelog', 'docstring', 'user guide', 'documented'],
  documentation: ['documentation', 'documented'],
  readme: ['readme'],
  guide: ['guide', 'tutorial'],
  devops: [
    'devops', 'deploy', 'deployment', 'docker', 'dockerfile', 'container', 'kubernetes', 'k8s', 'helm', 'ci', 'cd', 'ci/cd', 'pipeline',
    'github actions', 'monitoring', 'metrics', 'alert', 'alerting', 'prometheus', 'grafana', 'terraform', 'infrastructure', 'nginx',
    'release', 'backup', 'uptime', 'load balancer', 'health check', 'hosting',
  ],
  ci: ['ci', 'continuous integration', 'github actions'],
  cd: ['cd', 'continuous delivery', 'continuous deployment'],
  docker: ['docker', 'dockerfile', 'container', 'compose'],
  deployment: ['deploy', 'deployment', 'hosting'],
  infrastructure: ['infrastructure', 'terraform', 'kubernetes'],
  monitoring: ['monitoring', 'metrics', 'alert', 'observability', 'prometheus'],
  architecture: [
    'architecture', 'architectural', 'diagram', 'adr', 'data model', 'project structure', 'folder structure', 'directory structure',
    'module structure', 'tech stack', 'technology stack', 'system design', 'design document', 'interface contract',
  ],
  design: ['system design', 'design document'],
  planning: ['roadmap', 'milestone'],
  'api-design': ['api design', 'openapi', 'api contract'],
  'data-model': ['data model', 'entity relationship', 'database schema'],
  fullstack: ['fullstack', 'full-stack', 'full stack'],
};

/** Text patterns no word list catches: an HTTP route such as `GET /api/projects` is backend work. */
export const CAPABILITY_PATTERNS: { capability: string; pattern: RegExp; label: string }[] = [
  { capability: 'backend', pattern: /\b(GET|POST|PUT|PATCH|DELETE)\s+\/[\w/:{}.-]*/, label: 'an HTTP route' },
  { capability: 'api', pattern: /\b(GET|POST|PUT|PATCH|DELETE)\s+\/[\w/:{}.-]*/, label: 'an HTTP route' },
];
