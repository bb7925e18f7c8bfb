"""Case direction: the plan of approach, the expert panel, reviews, bottlenecks."""
